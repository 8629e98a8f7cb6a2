package io.edgesweep.evaluate;

/**
 * How many quantization scales (and zero-points) an integer weight tensor stores.
 *
 * <p>A codebook stores 2^b float32 centroids per tensor instead.
 *
 * <p>Per channel means one per output channel, the first axis of the weight: rows of a dense
 * weight, filters of a convolution.
 */
public enum ScaleGranularity {
  PER_TENSOR("per-tensor"),
  PER_CHANNEL("per-channel"),
  /**
   * Weight sharing: the b-bit codes index a per-tensor table of 2^b float32 centroids, which
   * takes the place of the scales (Han et al., Deep Compression, ICLR 2016, section 3).
   */
  CODEBOOK("codebook");

  private final String name;

  ScaleGranularity(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
