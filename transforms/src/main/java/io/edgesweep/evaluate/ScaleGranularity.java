package io.edgesweep.evaluate;

/**
 * How many quantization scales (and zero-points) an integer weight tensor stores.
 *
 * <p>Per channel means one per output channel, the first axis of the weight: rows of a dense
 * weight, filters of a convolution.
 */
public enum ScaleGranularity {
  PER_TENSOR("per-tensor"),
  PER_CHANNEL("per-channel");

  private final String name;

  ScaleGranularity(String name) {
    this.name = name;
  }

  @Override
  public String toString() {
    return name;
  }
}
