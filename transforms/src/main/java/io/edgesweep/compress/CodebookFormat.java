package io.edgesweep.compress;

import io.edgesweep.model.Tensor;
import java.util.List;

/**
 * Weight sharing's storage: b-bit indices into a per-tensor table of 2^b float32 centroids (Han
 * et al., Deep Compression, ICLR 2016, section 3), which take the place of scales.
 *
 * <p>The centroids are the non-zero weights' (k-means runs over those only), so a layout that must
 * store a zero (dense with zeros, CSR fillers) needs one more index, 2^b for 0.0: its values take
 * b + 1 bits. The bias is stored as int32 beside integer codes would be: 32 bits.
 *
 * <p>In a bundle ({@link Layout}) a layer is its indices (code {@code codebook}, index 2^b for
 * 0.0) and the array {@code codebook} of its 2^b centroids in float32, in place of scales.
 *
 * @param bits the index width b
 */
public record CodebookFormat(int bits) implements WeightFormat {
  private static final long serialVersionUID = 1L;

  public CodebookFormat {
    if (bits < 1 || bits > 16) {
      throw new IllegalArgumentException("a codebook index has 1 to 16 bits, got " + bits);
    }
  }

  @Override
  public boolean isFloat() {
    return false;
  }

  @Override
  public long scaleCount(long rows) {
    return 1L << bits;
  }

  @Override
  public long zeroPointCount(long rows) {
    return 0;
  }

  @Override
  public int valueBits(boolean storesZero) {
    return storesZero ? bits + 1 : bits;
  }

  @Override
  public int biasBits() {
    return 32;
  }

  @Override
  public WeightFormat atIntegerWidth(int kernelBits) {
    return new CodebookFormat(kernelBits);
  }

  @Override
  public String toString() {
    return "int" + bits + " codebook";
  }

  /** The bundle's name of the centroid array. */
  public static final String CODEBOOK = "codebook";

  /** Reads a codebook layer's layout back from a bundle. */
  public static final CodeLayout.Reader READER = new CodeLayout.Reader(Layout.CODE,
      (bits, channels, positions, arrays) -> {
        if (bits < 1 || bits > 16 || channels != 1 << bits) {
          throw new IllegalArgumentException("a " + bits + "-bit codebook has " + (1 << Math.min(bits, 16)) + " centroids, the manifest says " + channels);
        }
        return new Layout(LinearCodes.floats(arrays, CODEBOOK, channels));
      });

  /**
   * Shared weights as indices into their layer's codebook: each non-zero weight must equal one of
   * the centroids exactly (the codebook stage writes them so), a zero takes the index 2^b.
   *
   * @param centroids the layer's 2^b centroids, as the codebook stage's lineage records them
   * @throws IllegalStateException when a weight is none of the centroids
   */
  public static CodeLayout.Packed pack(String name, Tensor weight, float[] centroids) {
    Layout layout = new Layout(centroids.clone());
    float[] values = weight.values();
    int[] codes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = values[i] == 0f ? centroids.length : indexOf(centroids, values[i]);
      if (codes[i] < 0) {
        throw new IllegalStateException(name + "[" + i + "] = " + values[i] + " is none of its codebook's " + centroids.length
            + " centroids; the lineage's codebook is not the one the weights were shared with");
      }
    }
    return new CodeLayout.Packed(layout, codes);
  }

  private static int indexOf(float[] centroids, float value) {
    for (int j = 0; j < centroids.length; j++) {
      if (Float.floatToRawIntBits(centroids[j]) == Float.floatToRawIntBits(value)) {
        return j;
      }
    }
    return -1;
  }

  /**
   * One layer's codebook: b-bit indices into {@code centroids}, 2^b for 0.0.
   *
   * @param centroids the 2^b centroids
   */
  public record Layout(float[] centroids) implements CodeLayout {
    static final String CODE = "codebook";

    public Layout {
      int bits = Integer.numberOfTrailingZeros(centroids.length);
      if (centroids.length < 2 || centroids.length != 1 << bits) {
        throw new IllegalArgumentException(centroids.length + " centroids is not a codebook of 2^b, b >= 1");
      }
    }

    @Override
    public String code() {
      return CODE;
    }

    @Override
    public int bits() {
      return Integer.numberOfTrailingZeros(centroids.length);
    }

    @Override
    public int channels() {
      return centroids.length;
    }

    /** As {@link CodebookFormat#valueBits}: b + 1 where a zero is stored. */
    @Override
    public int valueBits(boolean storesZero) {
      return new CodebookFormat(bits()).valueBits(storesZero);
    }

    @Override
    public int zeroCode(int position) {
      return centroids.length;
    }

    @Override
    public float value(int code, int position) {
      if (code < 0 || code > centroids.length) {
        throw new IllegalArgumentException("codebook index " + code + " is outside 0.." + centroids.length);
      }
      return code == centroids.length ? 0f : centroids[code];
    }

    @Override
    public List<SideArray> sideArrays() {
      return List.of(new SideArray(CODEBOOK, LinearCodes.floatBits(centroids), 32));
    }

    @Override
    public String describe(int rows) {
      return "codebook" + bits();
    }
  }
}
