package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * What it costs a device to bring a layer's input from the format activations are stored in to
 * the format its kernel computes in.
 *
 * <p>On the host this is real and large: activations quantized to int8 run as a quantize-dequantize
 * of every weight layer's input (six elementwise PyTorch operators: divide, round, add the
 * zero-point, clamp, subtract it, multiply), and fp16 activations as two casts, all in float32
 * before the float32 kernel. A device whose kernels compute in the activations' own format
 * converts nothing, and a profile that lists no conversion charges none.
 *
 * @param overheadSeconds fixed cost per converted layer
 * @param secondsPerValue cost per input value converted (per example in the batch)
 */
public record ActivationConversionCost(double overheadSeconds, double secondsPerValue) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final ActivationConversionCost NONE = new ActivationConversionCost(0, 0);

  public ActivationConversionCost {
    if (!(overheadSeconds >= 0) || Double.isInfinite(overheadSeconds)) {
      throw new IllegalArgumentException("conversion overhead must be ≥ 0 seconds, got " + overheadSeconds);
    }
    if (!(secondsPerValue >= 0) || Double.isInfinite(secondsPerValue)) {
      throw new IllegalArgumentException("conversion cost per value must be ≥ 0 seconds, got " + secondsPerValue);
    }
  }

  /** Seconds to convert {@code values} input values in one call. */
  public double seconds(long values) {
    return overheadSeconds + secondsPerValue * values;
  }
}
