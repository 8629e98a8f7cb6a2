package io.edgesweep.bundle;

import io.edgesweep.compress.CodeLayout;
import io.edgesweep.compress.LinearCodes;
import io.edgesweep.compress.StageKind;
import io.edgesweep.compress.Stages;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.evaluate.StorageSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays one weight layer out as the arrays of a storage format, and reads them back.
 *
 * <p>The arrays, in file order, each packed on its own and so starting on a byte boundary:
 *
 * <ul>
 *   <li>{@code values}: the codes at the width the number format gives ({@link
 *       CodeLayout#valueBits}: b bits, or for a codebook b + 1 where a zero is stored); dense
 *       stores every position, bitmap only the non-zeros, CSR the non-zeros and the filler entries;
 *   <li>{@code positions}: bitmap, one bit per position (1 = non-zero), row-major; CSR, one w-bit
 *       relative index per entry, the gap to the previous entry of the row minus one (the first
 *       entry's gap counted from column −1); a gap d above 2^w is bridged by (d − 1) / 2^w filler
 *       entries with index 2^w − 1 and the zero code as value (Han et al., Deep Compression);
 *   <li>{@code row_pointers}: CSR only, R + 1 unsigned entry offsets at 8, 16 or 32 bits, the
 *       narrowest that holds the entry count;
 *   <li>the number format's side arrays ({@link CodeLayout#sideArrays}), in its order: {@code
 *       scales} (float32, per channel or per tensor) for integer codes, then {@code zero_points}
 *       (b bits, one per scale) for affine ones; {@code codebook} (the 2^b float32 centroids) for
 *       a codebook; none for floats;
 *   <li>{@code bias}: float32, one per output channel.
 * </ul>
 *
 * <p>The layouts here never name a format: a format's {@link CodeLayout} gives the codes' width,
 * the code a left-out position stands for, the values, and the side arrays; a manifest's {@code
 * code} finds its {@link CodeLayout.Reader} among the linear formats' and those of every stage kind
 * ({@link #reader}).
 *
 * <p>A weight counts as zero when its value is 0.0 (its code is the zero-point), exactly the zeros
 * {@code io.edgesweep.evaluate.WeightSparsity} counts, so the arrays have the sizes {@code
 * StorageSize} computed for the same format.
 */
public final class LayerEncoding {
  public static final String VALUES = "values";
  public static final String POSITIONS = "positions";
  public static final String ROW_POINTERS = "row_pointers";
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
    for (CodeLayout.SideArray side : layer.layout().sideArrays()) {
      arrays.put(side.name(), BitPacking.pack(side.values(), side.bits()));
    }
    int[] bias = new int[rows];
    for (int r = 0; r < rows; r++) {
      bias[r] = Float.floatToRawIntBits(layer.bias()[r]);
    }
    arrays.put(BIAS, BitPacking.pack(bias, 32));
    arrays.values().removeIf(a -> a.length == 0);
    return new Encoded(arrays, nonZeros, entries, rowPointerBits);
  }

  /** The reader of a manifest's {@code code}, or null when no format of this version writes it. */
  public static CodeLayout.Reader reader(String code) {
    for (CodeLayout.Reader reader : readers()) {
      if (reader.code().equals(code)) {
        return reader;
      }
    }
    return null;
  }

  /** Every code this version reads: the linear formats', then each stage kind's. */
  public static List<CodeLayout.Reader> readers() {
    List<CodeLayout.Reader> readers = new ArrayList<>(LinearCodes.READERS);
    for (StageKind kind : Stages.ALL) {
      readers.addAll(kind.codeReaders());
    }
    return readers;
  }

  /**
   * Rebuilds a layer's codes from its arrays.
   *
   * @param reader the reader of the layer's {@code code}
   * @param bits the manifest's {@code bits}
   * @param channels the manifest's {@code channels}
   * @param arrays the layer's arrays by name, as {@link #encode} wrote them
   * @param entries the stored values count (see {@link Encoded#entries()})
   * @param nonZeros the non-zero weights (see {@link Encoded#nonZeros()}); with the entries, they
   *     say whether the layout stored zeros, and so the values' width
   */
  public static LayerCodes decode(String name, int[] shape, CodeLayout.Reader reader, int bits, int channels, StorageFormat format,
      int csrIndexBits, int rowPointerBits, long entries, long nonZeros, Map<String, byte[]> arrays) {
    int rows = shape[0];
    int positions = 1;
    for (int d : shape) {
      positions = Math.multiplyExact(positions, d);
    }
    int rowLength = positions / rows;
    CodeLayout layout = reader.read(bits, channels, positions, (array, count, width) -> BitPacking.unpack(array(arrays, array, name), 0, count, width));
    int[] codes = new int[positions];
    for (int i = 0; i < positions; i++) {
      codes[i] = layout.zeroCode(i);
    }
    int count = Math.toIntExact(entries);
    boolean storesZero = switch (format) {
      case DENSE -> nonZeros < positions;
      case BITMAP -> false;
      case CSR -> entries > nonZeros;
    };
    int[] values = BitPacking.unpack(array(arrays, VALUES, name), 0, count, layout.valueBits(storesZero));
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
    return new LayerCodes(name, shape, layout, codes, bias);
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
