package io.edgesweep.compress;

import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
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

  /**
   * The settings a model's quantize stage recorded, read once where the manifest is read.
   *
   * @param source names the model in errors
   */
  public static QuantizationSettings of(LineageEntry.Quantize stage, String source) {
    ActivationSettings activations = switch (stage.activations()) {
      case "off" -> ActivationSettings.off();
      case "fp16" -> ActivationSettings.fp16();
      default -> ActivationSettings.integer(stage.activationBits() == null ? 8 : stage.activationBits(),
          ActivationSettings.Calibration.parse(stage.calibration() == null ? "minmax" : stage.calibration(), source));
    };
    return new QuantizationSettings(WeightPrecision.parse(stage.weights(), source), Granularity.parse(stage.granularity(), source),
        QuantizationScheme.parse(stage.scheme(), source), activations);
  }

  /** The settings of the last quantize stage in {@code model}'s lineage, or null when it has none. */
  public static QuantizationSettings of(ModelArtifact model) {
    java.util.List<LineageEntry> lineage = model.manifest().lineage();
    for (int i = lineage.size() - 1; i >= 0; i--) {
      if (lineage.get(i) instanceof LineageEntry.Quantize stage) {
        return of(stage, ArtifactNames.describe(model));
      }
    }
    return null;
  }

  /** Whether this stage leaves the model as it is. */
  public boolean isIdentity() {
    return weights.kind() == WeightPrecision.Kind.FLOAT32 && activations.kind() == ActivationSettings.Kind.OFF;
  }
}
