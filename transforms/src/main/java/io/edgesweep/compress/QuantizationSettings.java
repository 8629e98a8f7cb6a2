package io.edgesweep.compress;

import java.io.Serializable;
import java.util.Objects;

/**
 * One quantization stage: the weights' number format, granularity and scheme, and the activations'.
 *
 * <p>Granularity and scheme apply to integer weights only; fp16 and float32 weights ignore them
 * (they are recorded as given, for the lineage). Weights at 32 bits with activations off is the
 * float model itself.
 */
public record QuantizationSettings(
    WeightPrecision weights, Granularity granularity, QuantizationScheme scheme, ActivationSettings activations)
    implements Serializable {

  public QuantizationSettings {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(activations, "activations");
  }

  /** b-bit weights per channel, symmetric, float activations. */
  public static QuantizationSettings weightsOnly(int bits) {
    return new QuantizationSettings(WeightPrecision.ofBits(bits), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.off());
  }

  /** Whether this stage leaves the model as it is. */
  public boolean isIdentity() {
    return weights.kind() == WeightPrecision.Kind.FLOAT32 && activations.kind() == ActivationSettings.Kind.OFF;
  }
}
