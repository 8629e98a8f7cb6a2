package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.WeightCodes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The quantization stage of a sweep: simulated (fake) quantization of weights and activations.
 *
 * <p>The returned artifact stores the dequantized weights, (q − z)·s for every weight, and the
 * activation quantizers in its manifest; opening it ({@link ModelArtifact#open()}) runs the float
 * forward pass with every weight on the integer grid and every weight layer's input rounded to
 * its grid, so the accuracy measured is that of the integer model, up to float32 accumulation in
 * place of int32 (which is exact for these sums to within float rounding). The codes themselves
 * come from {@link #quantizeWeights}, deterministic in the parent and the settings.
 *
 * <p>Weights at 32 bits with activations off is the float model: the parent is returned as it is.
 * On a TorchScript model only the weights can be quantized (its graph has no place for activation
 * quantizers); asking for activations there fails with a message saying so. A model that is
 * already quantized is refused: quantize its float parent instead.
 */
public final class Quantization {
  private Quantization() {}

  /**
   * Quantizes {@code parent}.
   *
   * @param calibration the calibration split; used only for integer activations (may be null otherwise)
   */
  public static ModelArtifact apply(ModelArtifact parent, QuantizationSettings settings, ImageDataset calibration, String command) {
    if (settings.isIdentity()) {
      return parent;
    }
    String source = ArtifactNames.describe(parent);
    if (parent.manifest().activations() != null || parent.manifest().lineage().stream().anyMatch(LineageEntry::quantizes)) {
      throw new InvalidInputException(source, "lineage", "is already quantized; quantize its float parent instead");
    }
    Architecture architecture = parent.architecture();
    if (architecture.isTorchScript() && settings.activations().kind() != ActivationSettings.Kind.OFF) {
      throw new InvalidInputException(source, "activations",
          "activation quantization needs a hook on every layer's input, which a compiled TorchScript graph does not have; "
              + "quantize its weights only (activations off)");
    }
    QuantizedWeights quantized = quantizeWeights(parent, settings);
    ParameterSet weights = quantized.dequantized();
    ActivationQuantization activations = switch (settings.activations().kind()) {
      case OFF -> null;
      case FP16 -> ActivationQuantization.fp16();
      case INT -> ActivationCalibration.calibrate(architecture, weights, calibration, settings.activations());
    };
    boolean integer = settings.activations().kind() == ActivationSettings.Kind.INT;
    LineageEntry stage = new LineageEntry.Quantize(settings.weights().label(), settings.granularity().id(), settings.scheme().id(),
        "half-to-even", settings.activations().kind().name().toLowerCase(Locale.ROOT),
        integer ? settings.activations().bits() : null,
        integer ? settings.activations().calibration().label() : null,
        integer ? calibration.size() : null,
        integer ? TeacherLogits.datasetSha256(calibration) : null);
    return parent.derive(architecture, weights, activations, stage, command, Map.of()).withCodes(codes(quantized));
  }

  /** The codes the artifact store keeps in place of the dequantized float32 weights. */
  private static Map<String, WeightCodes> codes(QuantizedWeights quantized) {
    Map<String, WeightCodes> codes = new LinkedHashMap<>();
    quantized.tensors().forEach((name, t) -> codes.put(name, t.weightCodes()));
    return codes;
  }

  /** The weight codes, scales and zero-points of {@code parent} under {@code settings}. */
  public static QuantizedWeights quantizeWeights(ModelArtifact parent, QuantizationSettings settings) {
    return QuantizedWeights.of(parent.architecture(), parent.parameters(), settings);
  }
}
