package io.edgesweep.bundle;

import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.evaluate.StorageSize;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lays one weight layer out as the arrays of a storage format, and reads them back.
 *
 * <p>The arrays, in file order, each packed on its own and so starting on a byte boundary:
 *
 * <ul>
 *   <li>{@code values}: the codes at b bits; dense stores every position, bitmap only the
 *       non-zeros, CSR the non-zeros and the filler entries; codebook indices take b + 1 bits where
 *       a zero is stored (dense with zeros, CSR with fillers), the index 2^b standing for 0.0;
 *   <li>{@code positions}: bitmap, one bit per position (1 = non-zero), row-major; CSR, one w-bit
 *       relative index per entry, the gap to the previous entry of the row minus one (the first
 *       entry's gap counted from column −1); a gap d above 2^w is bridged by (d − 1) / 2^w filler
 *       entries with index 2^w − 1 and the zero code as value (Han et al., Deep Compression);
 *   <li>{@code row_pointers}: CSR only, R + 1 unsigned entry offsets at 8, 16 or 32 bits, the
 *       narrowest that holds the entry count;
 *   <li>{@code scales}: float32, one per channel or one per tensor; integer codes only;
 *   <li>{@code codebook}: float32, the 2^b centroids; codebook indices only;
 *   <li>{@code zero_points}: unsigned at b bits, one per scale; affine codes only;
 *   <li>{@code bias}: float32, one per output channel.
 * </ul>
 *
 * <p>A weight counts as zero when its value is 0.0 (its code is the zero-point), exactly the zeros
 * {@code io.edgesweep.evaluate.WeightSparsity} counts, so the arrays have the sizes {@code
 * StorageSize} computed for the same format.
 */
public final class LayerEncoding {
  public static final String VALUES = "values";
  public static final String POSITIONS = "positions";
  public static final String ROW_POINTERS = "row_pointers";
  public static final String SCALES = "scales";
  public static final String CODEBOOK = "codebook";
  public static final String ZERO_POINTS = "zero_points";
  public static final String BIAS = "bias";

  private LayerEncoding() {}

  /**
   * A layer's arrays in one format.
   *
   * @param arrays the packed arrays by name, in file order; empty arrays left out
   * @param nonZeros non-zero weights
   * @param entries values stored: positions for dense, non-zeros for bitmap, non-zeros and
   *     fillers for CSR
   * @param rowPointerBits bits of a CSR row pointer, 0 for other formats
   */
  public record Encoded(Map<String, byte[]> arrays, long nonZeros, long entries, int rowPointerBits) {
    public long totalBytes() {
      return arrays.values().stream().mapToLong(a -> a.length).sum();
    }
  }

  public static Encoded encode(LayerCodes layer, StorageFormat format, int csrIndexBits) {
    int rows = layer.rows();
    int rowLength = layer.rowLength();
    int positions = rows * rowLength;
    int nonZeros = 0;
    for (int i = 0; i < positions; i++) {
      if (layer.isNonZero(i)) {
        nonZeros++;
      }
    }
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    long entries;
    int rowPointerBits = 0;
    switch (format) {
      case DENSE -> {
        arrays.put(VALUES, BitPacking.pack(layer.codes(), layer.valueBits(nonZeros < positions)));
        entries = positions;
      }
      case BITMAP -> {
        int[] values = new int[nonZeros];
        int[] bitmap = new int[positions];
        int at = 0;
        for (int i = 0; i < positions; i++) {
          if (layer.isNonZero(i)) {
            bitmap[i] = 1;
            values[at++] = layer.codes()[i];
          }
        }
        arrays.put(VALUES, BitPacking.pack(values, layer.valueBits(false)));
        arrays.put(POSITIONS, BitPacking.pack(bitmap, 1));
        entries = nonZeros;
      }
      case CSR -> {
        Csr csr = Csr.of(layer, csrIndexBits);
        rowPointerBits = StorageSize.rowPointerBits(csr.entries());
        arrays.put(VALUES, BitPacking.pack(csr.values(), layer.valueBits(csr.entries() > nonZeros)));
        arrays.put(POSITIONS, BitPacking.pack(csr.indices(), csrIndexBits));
        arrays.put(ROW_POINTERS, BitPacking.pack(csr.rowPointers(), rowPointerBits));
        entries = csr.entries();
      }
      default -> throw new IllegalArgumentException("unknown storage format " + format);
    }
    if (layer.type().isInteger() || layer.type() == CodeType.CODEBOOK) {
      int[] scales = new int[layer.scales().length];
      for (int c = 0; c < scales.length; c++) {
        scales[c] = Float.floatToRawIntBits(layer.scales()[c]);
      }
      arrays.put(layer.type() == CodeType.CODEBOOK ? CODEBOOK : SCALES, BitPacking.pack(scales, 32));
    }
    if (layer.zeroPoints().length > 0) {
      arrays.put(ZERO_POINTS, BitPacking.pack(layer.zeroPoints(), layer.bits()));
    }
    int[] bias = new int[rows];
    for (int r = 0; r < rows; r++) {
      bias[r] = Float.floatToRawIntBits(layer.bias()[r]);
    }
    arrays.put(BIAS, BitPacking.pack(bias, 32));
    arrays.values().removeIf(a -> a.length == 0);
    return new Encoded(arrays, nonZeros, entries, rowPointerBits);
  }

  /**
   * Rebuilds a layer's codes from its arrays.
   *
   * @param arrays the layer's arrays by name, as {@link #encode} wrote them
   * @param entries the stored values count (see {@link Encoded#entries()})
   * @param nonZeros the non-zero weights (see {@link Encoded#nonZeros()}); with the entries, they
   *     say whether a codebook layout stored zeros, and so its index width
   */
  public static LayerCodes decode(String name, int[] shape, CodeType type, int bits, int channels, StorageFormat format,
      int csrIndexBits, int rowPointerBits, long entries, long nonZeros, Map<String, byte[]> arrays) {
    int rows = shape[0];
    int positions = 1;
    for (int d : shape) {
      positions = Math.multiplyExact(positions, d);
    }
    int rowLength = positions / rows;
    boolean codebook = type == CodeType.CODEBOOK;
    float[] scales = new float[type.isInteger() || codebook ? channels : 0];
    int[] scaleBits = scales.length == 0 ? new int[0] : BitPacking.unpack(array(arrays, codebook ? CODEBOOK : SCALES, name), 0, scales.length, 32);
    for (int c = 0; c < scales.length; c++) {
      scales[c] = Float.intBitsToFloat(scaleBits[c]);
    }
    int[] zeroPoints = type == CodeType.UNSIGNED ? BitPacking.unpack(array(arrays, ZERO_POINTS, name), 0, channels, bits) : new int[0];
    int perChannel = scales.length == 0 ? positions : positions / scales.length;
    int[] codes = new int[positions];
    if (type == CodeType.UNSIGNED) {
      for (int i = 0; i < positions; i++) {
        codes[i] = zeroPoints[i / perChannel];
      }
    } else if (codebook) {
      java.util.Arrays.fill(codes, channels);
    }
    int count = Math.toIntExact(entries);
    boolean storesZero = switch (format) {
      case DENSE -> nonZeros < positions;
      case BITMAP -> false;
      case CSR -> entries > nonZeros;
    };
    int[] values = BitPacking.unpack(array(arrays, VALUES, name), 0, count, LayerCodes.valueBits(type, bits, storesZero));
    switch (format) {
      case DENSE -> {
        if (count != positions) {
          throw new IllegalArgumentException(name + ": a dense layer stores " + positions + " values, the manifest says " + count);
        }
        System.arraycopy(values, 0, codes, 0, positions);
      }
      case BITMAP -> {
        int[] bitmap = BitPacking.unpack(array(arrays, POSITIONS, name), 0, positions, 1);
        int at = 0;
        for (int i = 0; i < positions; i++) {
          if (bitmap[i] == 1) {
            codes[i] = values[at++];
          }
        }
        if (at != count) {
          throw new IllegalArgumentException(name + ": the bitmap marks " + at + " non-zeros, the manifest says " + count);
        }
      }
      case CSR -> {
        int[] indices = BitPacking.unpack(array(arrays, POSITIONS, name), 0, count, csrIndexBits);
        int[] pointers = BitPacking.unpack(array(arrays, ROW_POINTERS, name), 0, rows + 1, rowPointerBits);
        for (int r = 0; r < rows; r++) {
          int column = -1;
          for (int e = pointers[r]; e < pointers[r + 1]; e++) {
            column += indices[e] + 1;
            if (column >= rowLength) {
              throw new IllegalArgumentException(name + ": row " + r + " entry " + e + " lands on column " + column + " of " + rowLength);
            }
            codes[r * rowLength + column] = values[e];
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown storage format " + format);
    }
    int[] biasBits = BitPacking.unpack(array(arrays, BIAS, name), 0, rows, 32);
    float[] bias = new float[rows];
    for (int r = 0; r < rows; r++) {
      bias[r] = Float.intBitsToFloat(biasBits[r]);
    }
    return new LayerCodes(name, shape, type, bits, codes, scales, zeroPoints, bias);
  }

  private static byte[] array(Map<String, byte[]> arrays, String array, String layer) {
    byte[] bytes = arrays.get(array);
    if (bytes == null) {
      throw new IllegalArgumentException(layer + ": the bundle has no " + array + " array for this layer");
    }
    return bytes;
  }

  /** Compressed sparse rows with relative indices and filler entries. */
  record Csr(int[] values, int[] indices, int[] rowPointers, long entries) {
    static Csr of(LayerCodes layer, int indexBits) {
      if (indexBits < 1 || indexBits > 31) {
        throw new IllegalArgumentException("CSR index bits must be 1 to 31, got " + indexBits);
      }
      int rows = layer.rows();
      int rowLength = layer.rowLength();
      long reach = 1L << indexBits;
      java.util.List<int[]> entries = new java.util.ArrayList<>();
      int[] pointers = new int[rows + 1];
      for (int r = 0; r < rows; r++) {
        int previous = -1;
        for (int c = 0; c < rowLength; c++) {
          int position = r * rowLength + c;
          if (!layer.isNonZero(position)) {
            continue;
          }
          long gap = c - previous;
          while (gap > reach) {
            entries.add(new int[] {(int) (reach - 1), layer.zeroCode(r * rowLength + previous + (int) reach)});
            previous += (int) reach;
            gap -= reach;
          }
          entries.add(new int[] {(int) (gap - 1), layer.codes()[position]});
          previous = c;
        }
        pointers[r + 1] = entries.size();
      }
      int[] values = new int[entries.size()];
      int[] indices = new int[entries.size()];
      for (int i = 0; i < values.length; i++) {
        indices[i] = entries.get(i)[0];
        values[i] = entries.get(i)[1];
      }
      return new Csr(values, indices, pointers, values.length);
    }
  }
}
