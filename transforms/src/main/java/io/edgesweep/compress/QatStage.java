package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.spec.SpecNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantization-aware training as a stage kind: after quantization, a number of epochs on the
 * fake-quantized model ({@link QuantizationAwareTraining}).
 *
 * <p>Spec section {@code qat} with {@code epochs: [0, 2]} (0 keeps the post-training model, for
 * comparison), {@code learning_rate}, {@code batch_size}, and optionally {@code scales:
 * [recomputed, learned]} ({@link QatScales}; default recomputed) with {@code scale_init}
 * (fitted or mean, {@link LearnedScales.Init}) and {@code scale_learning_rate} for the learned ones. There is nothing to train after float or fp16
 * weights, so those leaves get the pass-through choice only; learned scales (LSQ) need a symmetric
 * grid, so after affine weights only recomputed scales are offered. A choice with recomputed
 * scales has the key it had before learned scales existed.
 */
public final class QatStage implements StageKind {
  public static final String NAME = "qat";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String section() {
    return "qat";
  }

  @Override
  public boolean required() {
    return false;
  }

  @Override
  public String label() {
    return "TrainQuantizationAware";
  }

  @Override
  public List<StageColumn> columns() {
    return List.of(StageColumn.whole("qat_epochs"), StageColumn.text("qat_scales"));
  }

  @Override
  public Spec read(SpecNode node, long seed) {
    node.allowOnly("epochs", "learning_rate", "batch_size", "scales", "scale_init", "scale_learning_rate");
    List<Integer> epochs = node.list("epochs", (value, at) -> (int) node.checkedNumber(value, at, 0, 1000, true));
    List<QatScales> scales = node.list("scales", List.of(QatScales.RECOMPUTED), node.strings(s -> QatScales.parse(s, node.file())));
    LearnedScales.Init init = LearnedScales.Init.parse(node.string("scale_init", LearnedScales.Init.FITTED.id()), node.file());
    return new Spec(epochs, scales, node.number("learning_rate", 1e-4, 1e-9, 10, true), node.wholeNumber("batch_size", 128, 1, 65_536),
        init, node.number("scale_learning_rate", QatSettings.DEFAULT_SCALE_LEARNING_RATE, 1e-9, 10, true), seed, node.file(),
        node.path() + ".epochs");
  }

  /**
   * The qat section: epoch counts and scale sources to try, and the training they share.
   *
   * @param file the spec file and {@code field} the key path, for errors found while expanding
   */
  public record Spec(List<Integer> epochs, List<QatScales> scales, double learningRate, int batchSize, LearnedScales.Init scaleInit,
      double scaleLearningRate, long seed, String file, String field) implements StageSpec {
    public Spec {
      epochs = List.copyOf(epochs);
      scales = List.copyOf(scales);
    }

    @Override
    public StageKind kind() {
      return new QatStage();
    }

    @Override
    public List<Choice> choices(GridContext context, List<StageChoice> path) {
      Choice off = new Choice(new QatSettings(0, learningRate, batchSize, seed));
      QuantizationSettings leaf = path.stream().filter(c -> c instanceof QuantizeStage.Choice).map(c -> ((QuantizeStage.Choice) c).settings())
          .reduce((first, second) -> second).orElse(null);
      boolean integerWeights = leaf != null && leaf.weights().isInteger();
      if (!integerWeights) {
        return List.of(off);
      }
      if (epochs.stream().anyMatch(e -> e > 0) && StageSpec.keepsTeacherArchitecture(path)
          && Architecture.parse(context.teacherArch()).isTorchScript()) {
        throw new InvalidInputException(file, field, "quantization-aware training rebuilds the layers, which the TorchScript teacher "
            + "(student 'teacher' at temperature none) does not expose; drop that student or train a built architecture");
      }
      List<Choice> choices = new ArrayList<>();
      boolean symmetric = leaf.scheme() == QuantizationScheme.SYMMETRIC;
      for (int e : epochs) {
        if (e == 0) {
          choices.add(off);
          continue;
        }
        for (QatScales s : scales) {
          if (s == QatScales.RECOMPUTED || symmetric) {
            choices.add(new Choice(new QatSettings(e, learningRate, batchSize, seed, s, scaleInit, scaleLearningRate)));
          }
        }
      }
      return choices;
    }
  }

  /** One number of epochs. */
  public record Choice(QatSettings settings) implements StageChoice {
    @Override
    public StageKind kind() {
      return new QatStage();
    }

    @Override
    public boolean passesThrough() {
      return settings.epochs() == 0;
    }

    @Override
    public Map<String, Object> keyParameters(GridContext context) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("epochs", settings.epochs());
      p.put("learning_rate", settings.learningRate());
      p.put("batch_size", settings.batchSize());
      p.put("seed", settings.seed());
      p.put("train_sha256", context.trainSha256());
      p.put("calibration_sha256", context.calibrationSha256());
      // Recomputed scales keep the key they had before learned ones existed.
      if (settings.scales() == QatScales.LEARNED) {
        p.put("scales", settings.scales().id());
        p.put("scale_init", settings.scaleInit().id());
        p.put("scale_learning_rate", settings.scaleLearningRate());
      }
      return p;
    }

    @Override
    public List<Object> columnValues() {
      return List.of((long) settings.epochs(), passesThrough() ? "" : settings.scales().id());
    }

    @Override
    public String describe() {
      return passesThrough() ? "" : "qat " + settings.epochs() + "ep" + (settings.scales() == QatScales.LEARNED ? " lsq" : "");
    }

    @Override
    public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
      return QuantizationAwareTraining.apply(parent, inputs.floatParent(), settings, inputs.train(), inputs.calibration(),
          inputs.teacherLogitsFor(parent), inputs.command());
    }
  }

  /** A model trained with learned scales: its codes on those scales, which its lineage entry records. */
  @Override
  public QuantizedWeights codes(LineageEntry entry, ModelArtifact model) {
    if (!(entry instanceof LineageEntry.Qat qat) || qat.learnedScales() == null) {
      return null;
    }
    return QuantizedWeights.onScales(model.architecture(), model.parameters(), QuantizationSettings.of(model), qat.learnedScales());
  }
}
