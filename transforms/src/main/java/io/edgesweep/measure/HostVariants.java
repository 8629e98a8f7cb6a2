package io.edgesweep.measure;

import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Pruning;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSettings;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The variants of one teacher that the host check times: every kind of model a sweep produces.
 *
 * <p>Magnitude pruning keeps the architecture and only adds zeros, which the host's dense kernels
 * multiply anyway; structured pruning narrows layers and really shrinks the work; quantization
 * is simulated in float32 on the host, with extra quantize-dequantize operators on every layer's
 * input when activations are quantized. A cost model that is right about the host must get all
 * three right, so all three are timed. Pruning is one-shot without fine-tune: latency does not
 * depend on accuracy, but magnitude pruning needs the teacher's real weight magnitudes to pick
 * what it removes, which is why the teacher is a trained model rather than fresh weights.
 * Quantized variants use the sweep's pairings: integer weights with int8 activations, fp16
 * weights with fp16 activations.
 */
public final class HostVariants {
  private HostVariants() {}

  /** What kind of compression made a variant, for a per-kind summary. */
  public enum Kind {
    TEACHER("teacher"),
    MAGNITUDE("magnitude-pruned"),
    STRUCTURED("structurally pruned"),
    QUANTIZED("quantized"),
    STRUCTURED_QUANTIZED("structurally pruned + quantized");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** One variant: its label in the table, how it was made, and its model. */
  public record Variant(String label, Kind kind, ModelArtifact model) {}

  /** A quantization stage under the label the table shows for it. */
  public record NamedQuantization(String label, QuantizationSettings settings) {}

  /**
   * Which variants to build from every teacher.
   *
   * @param magnitudeRatios global magnitude pruning ratios
   * @param structuredRatios structured L2 pruning ratios
   * @param quantizations quantization stages applied to the teacher
   * @param structuredThenQuantized the structured ratio whose model is also quantized with the
   *     first quantization stage (a prune-then-quantize path, as in a sweep); NaN for none
   */
  public record Grid(List<Double> magnitudeRatios, List<Double> structuredRatios, List<NamedQuantization> quantizations,
      double structuredThenQuantized) {
    public Grid {
      magnitudeRatios = List.copyOf(magnitudeRatios);
      structuredRatios = List.copyOf(structuredRatios);
      quantizations = List.copyOf(quantizations);
    }

    /**
     * The default: magnitude 0.5/0.8/0.95, structured 0.25/0.5/0.75, int8 weights per channel
     * with int8 activations, int4 weights with int8 activations, fp16 weights and activations, and
     * the structured 0.5 model quantized to int8.
     */
    public static Grid standard() {
      ActivationSettings int8 = ActivationSettings.int8();
      return new Grid(List.of(0.5, 0.8, 0.95), List.of(0.25, 0.5, 0.75), List.of(
          new NamedQuantization("int8 w+a", new QuantizationSettings(WeightPrecision.ofBits(8), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, int8)),
          new NamedQuantization("int4 w, int8 a", new QuantizationSettings(WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, int8)),
          new NamedQuantization("fp16 w+a", new QuantizationSettings(WeightPrecision.fp16(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.fp16()))),
          0.5);
    }
  }

  /**
   * The teacher and its variants, teacher first.
   *
   * @param train unused by one-shot pruning, passed on because the pruning stage takes it
   * @param calibration the split integer activation ranges are calibrated on
   */
  public static List<Variant> of(ModelArtifact teacher, Grid grid, ImageDataset train, ImageDataset calibration, String command) {
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("teacher", Kind.TEACHER, teacher));
    for (double ratio : grid.magnitudeRatios()) {
      ModelArtifact pruned = Pruning.apply(teacher, oneShot(PruningMethod.MAGNITUDE_GLOBAL, ratio), train, null, command);
      variants.add(new Variant("magnitude " + ratio(ratio), Kind.MAGNITUDE, pruned));
    }
    ModelArtifact toQuantize = null;
    for (double ratio : grid.structuredRatios()) {
      ModelArtifact pruned = Pruning.apply(teacher, oneShot(PruningMethod.STRUCTURED_L2, ratio), train, null, command);
      variants.add(new Variant("structured " + ratio(ratio), Kind.STRUCTURED, pruned));
      if (ratio == grid.structuredThenQuantized()) {
        toQuantize = pruned;
      }
    }
    for (NamedQuantization q : grid.quantizations()) {
      variants.add(new Variant(q.label(), Kind.QUANTIZED, Quantization.apply(teacher, q.settings(), calibration, command)));
    }
    if (toQuantize != null && !grid.quantizations().isEmpty()) {
      NamedQuantization q = grid.quantizations().get(0);
      variants.add(new Variant("structured " + ratio(grid.structuredThenQuantized()) + " + " + q.label(), Kind.STRUCTURED_QUANTIZED,
          Quantization.apply(toQuantize, q.settings(), calibration, command)));
    }
    return variants;
  }

  private static PruningSettings oneShot(PruningMethod method, double ratio) {
    return new PruningSettings(method, ratio, 0, 1e-3, 128, 1);
  }

  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2f", ratio);
  }
}
