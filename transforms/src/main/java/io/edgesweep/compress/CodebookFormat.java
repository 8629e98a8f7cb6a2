package io.edgesweep.compress;

/**
 * Weight sharing's storage: b-bit indices into a per-tensor table of 2^b float32 centroids (Han
 * et al., Deep Compression, ICLR 2016, section 3), which take the place of scales.
 *
 * <p>The centroids are the non-zero weights' (k-means runs over those only), so a layout that must
 * store a zero (dense with zeros, CSR fillers) needs one more index, 2^b for 0.0: its values take
 * b + 1 bits. The bias is stored as int32 beside integer codes would be: 32 bits.
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
}
