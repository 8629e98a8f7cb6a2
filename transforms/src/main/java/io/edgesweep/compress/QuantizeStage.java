package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.spec.SpecNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uniform quantization as a stage kind: weight formats × granularities × schemes × activation
 * formats, applied by {@link Quantization}.
 *
 * <p>Float weights keep float activations (the 32-bit model is the float model; fp16 weights run
 * in fp16), so their choices collapse; 32-bit weights with float activations pass the parent through.
 */
public final class QuantizeStage implements StageKind {
  public static final String NAME = "quantize";
  private static final Pattern INT_ACTIVATIONS = Pattern.compile("int(\\d+)");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String section() {
    return "quantization";
  }

  @Override
  public boolean required() {
    return true;
  }

  @Override
  public String label() {
    return "QuantizeVariants";
  }

  @Override
  public List<StageColumn> columns() {
    return List.of(StageColumn.text("weights"), StageColumn.text("granularity"), StageColumn.text("scheme"), StageColumn.text("activations"));
  }

  @Override
  public Spec read(SpecNode node, long seed) {
    node.allowOnly("bits", "granularity", "scheme", "activations", "calibration");
    List<WeightPrecision> weights = node.list("bits", node.strings(s -> {
      if (s.equals("fp16") || s.equals("32")) {
        return WeightPrecision.parse(s, node.file());
      }
      try {
        int bits = Integer.parseInt(s);
        if (bits >= WeightPrecision.MIN_BITS && bits <= WeightPrecision.MAX_BITS) {
          return WeightPrecision.ofBits(bits);
        }
      } catch (NumberFormatException ignored) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("'" + s + "' is not a weight format: use 32 (float), fp16, or an integer width 2-16");
    }));
    List<Granularity> granularities = node.list("granularity", List.of(Granularity.PER_CHANNEL),
        node.strings(s -> Granularity.parse(s, node.file())));
    List<QuantizationScheme> schemes = node.list("scheme", List.of(QuantizationScheme.SYMMETRIC),
        node.strings(s -> QuantizationScheme.parse(s, node.file())));
    String calibrationText = node.string("calibration", "minmax");
    ActivationSettings.Calibration calibration = calibration(node, calibrationText);
    SpecNode.ItemReader<ActivationSettings> activationFormat = node.strings(s -> activations(s, calibration));
    // YAML 1.1 reads a bare `off` as the boolean false.
    List<ActivationSettings> activations = node.list("activations", List.of(ActivationSettings.off()), (value, at) -> {
      if (value.isBoolean()) {
        if (value.asBoolean()) {
          throw new InvalidInputException(node.file(), at, "true is not an activation format: use off, int8 (any int2-int16) or fp16");
        }
        return ActivationSettings.off();
      }
      return activationFormat.read(value, at);
    });
    return new Spec(weights, granularities, schemes, activations, calibrationText);
  }

  private static ActivationSettings.Calibration calibration(SpecNode node, String text) {
    if (!text.equals("minmax") && !text.matches("percentile:(\\d+(\\.\\d+)?)")) {
      throw new InvalidInputException(node.file(), node.path() + ".calibration", "must be minmax or percentile:P (as in percentile:99.99), got " + text);
    }
    try {
      return ActivationSettings.Calibration.parse(text, node.file());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(node.file(), node.path() + ".calibration", "percentile must be in (50, 100], got " + text, e);
    }
  }

  private static ActivationSettings activations(String text, ActivationSettings.Calibration calibration) {
    if (text.equals("off")) {
      return ActivationSettings.off();
    }
    if (text.equals("fp16")) {
      return ActivationSettings.fp16();
    }
    Matcher m = INT_ACTIVATIONS.matcher(text);
    if (m.matches() && Integer.parseInt(m.group(1)) >= 2 && Integer.parseInt(m.group(1)) <= 16) {
      return ActivationSettings.integer(Integer.parseInt(m.group(1)), calibration);
    }
    throw new IllegalArgumentException("'" + text + "' is not an activation format: use off, int8 (any int2-int16) or fp16");
  }

  /** "off", "fp16" or "int8": an activation format as specs and columns write it. */
  public static String label(ActivationSettings activations) {
    return switch (activations.kind()) {
      case OFF -> "off";
      case FP16 -> "fp16";
      case INT -> "int" + activations.bits();
    };
  }

  /**
   * The quantization section: the four axes, and the calibration as the spec wrote it (it enters
   * the key as written).
   */
  public record Spec(
      List<WeightPrecision> weights,
      List<Granularity> granularities,
      List<QuantizationScheme> schemes,
      List<ActivationSettings> activations,
      String calibration)
      implements StageSpec {
    public Spec {
      weights = List.copyOf(weights);
      granularities = List.copyOf(granularities);
      schemes = List.copyOf(schemes);
      activations = List.copyOf(activations);
    }

    @Override
    public StageKind kind() {
      return new QuantizeStage();
    }

    @Override
    public List<Choice> choices(GridContext context, List<StageChoice> path) {
      List<Choice> choices = new ArrayList<>();
      for (WeightPrecision w : weights) {
        for (Granularity g : granularities) {
          for (QuantizationScheme s : schemes) {
            for (ActivationSettings requested : activations) {
              choices.add(new Choice(new QuantizationSettings(w, g, s, effective(w, requested)), calibration));
            }
          }
        }
      }
      return choices;
    }

    /**
     * The activation format a weight format runs with: float weights keep float activations (the
     * 32-bit model is the float model, fp16 weights run in fp16), integer weights take the spec's.
     */
    static ActivationSettings effective(WeightPrecision weights, ActivationSettings requested) {
      return switch (weights.kind()) {
        case FLOAT32 -> ActivationSettings.off();
        case FP16 -> requested.kind() == ActivationSettings.Kind.OFF ? requested : ActivationSettings.fp16();
        case INT -> requested;
      };
    }
  }

  /**
   * One weight format with its options.
   *
   * @param calibration the calibration method as the spec wrote it
   */
  public record Choice(QuantizationSettings settings, String calibration) implements StageChoice {
    @Override
    public StageKind kind() {
      return new QuantizeStage();
    }

    @Override
    public boolean passesThrough() {
      return settings.isIdentity();
    }

    @Override
    public boolean roundsParent() {
      return true;
    }

    /**
     * The settings the stage computes with: fp16 weights ignore granularity and scheme, so all four
     * of their combinations are one model, keyed, stored, evaluated and recorded once as per-channel
     * symmetric (the key fp16 entries had before, so those stay valid). Variants keep the
     * granularity and scheme they asked for in their columns.
     */
    QuantizationSettings canonical() {
      if (settings.weights().kind() != WeightPrecision.Kind.FP16) {
        return settings;
      }
      return new QuantizationSettings(settings.weights(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, settings.activations());
    }

    @Override
    public Map<String, Object> keyParameters(GridContext context) {
      QuantizationSettings keyed = canonical();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("weights", keyed.weights().label());
      p.put("granularity", keyed.granularity().id());
      p.put("scheme", keyed.scheme().id());
      p.put("activations", label(settings.activations()));
      p.put("calibration", calibration);
      p.put("calibration_sha256", context.calibrationSha256());
      return p;
    }

    @Override
    public List<Object> columnValues() {
      return List.of(settings.weights().label(), settings.granularity().id(), settings.scheme().id(), label(settings.activations()));
    }

    @Override
    public String describe() {
      boolean float32 = settings.weights().kind() == WeightPrecision.Kind.FLOAT32;
      return "w" + settings.weights().label() + (float32 ? "" : " " + settings.granularity() + " " + settings.scheme()) + " a="
          + label(settings.activations());
    }

    @Override
    public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
      return Quantization.apply(parent, canonical(), inputs.calibration(), inputs.command());
    }
  }
}
