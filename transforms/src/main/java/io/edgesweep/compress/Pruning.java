package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.List;
import java.util.Map;

/**
 * The pruning stage of a sweep: cut a model by one method and ratio, then fine-tune what is left.
 *
 * <p>Magnitude methods zero weights and keep the architecture; the fine-tune re-applies the mask
 * after every optimizer step ({@link MaskEnforcer}), so the pruned weights of the returned model
 * are exactly zero, and the stage checks that they are before returning. Structured pruning
 * returns a narrower architecture; its fine-tune has no mask, since every weight left is wanted.
 * The fine-tune uses the parent's distillation loss where there was one ({@link FineTuneLoss}).
 *
 * <p>On a TorchScript model, magnitude pruning and its fine-tune work on the weight tensors
 * ({@link WeightTensors}; the module's parameters are unfrozen for the fine-tune); structured
 * pruning cannot narrow a compiled graph and fails with a message saying so. A quantized model is
 * not pruned: the design's order is prune, then quantize.
 *
 * <p>Ratio 0 without fine-tune removes nothing and trains nothing, so it returns the parent itself,
 * as 32-bit quantization and a label-only student of the teacher's architecture do. Ratio 0 with a
 * fine-tune trains the parent further: the control that separates what pruning costs from what
 * extra epochs give.
 */
public final class Pruning {
  private Pruning() {}

  public static ModelArtifact apply(
      ModelArtifact parent, PruningSettings settings, ImageDataset train, TeacherLogits teacherLogits, String command) {
    return apply(parent, settings, train, teacherLogits, command, TrainingLoop.EpochListener.SILENT);
  }

  /**
   * Prunes {@code parent} and fine-tunes it.
   *
   * @param teacherLogits the teacher's logits on {@code train}; needed only when the parent was
   *     distilled with a temperature and the settings ask for a fine-tune
   * @param listener told after every fine-tune epoch
   */
  public static ModelArtifact apply(
      ModelArtifact parent,
      PruningSettings settings,
      ImageDataset train,
      TeacherLogits teacherLogits,
      String command,
      TrainingLoop.EpochListener listener) {
    if (settings.ratio() == 0 && settings.fineTuneEpochs() == 0) {
      return parent;
    }
    String source = ArtifactNames.describe(parent);
    checkPrunable(parent, settings, source);
    Architecture architecture = parent.architecture();
    ParameterSet parameters = parent.parameters();
    List<String> weights = WeightTensors.names(architecture, parameters);
    long weightsBefore = WeightTensors.count(parameters, weights);
    long nonZeroBefore = weightsBefore - WeightTensors.zeros(parameters, weights);

    Architecture result = architecture;
    ParameterSet pruned;
    PruningMask mask = null;
    Double keepFraction = null;
    if (settings.method().structured()) {
      StructuredPruning.Selection selection = StructuredPruning.select(architecture, parameters, settings.ratio());
      result = selection.architecture();
      pruned = selection.narrow(parameters);
      keepFraction = selection.keepFraction();
    } else {
      double first = settings.schedule().ratioBeforeEpoch(settings.ratio(), 1, settings.fineTuneEpochs());
      mask = magnitudeMask(settings.method(), parameters, weights, first, null);
      pruned = mask.applyTo(parameters);
    }

    String loss = "none";
    if (settings.fineTuneEpochs() > 0) {
      DistillationLoss batchLoss = FineTuneLoss.of(parent, teacherLogits, train);
      loss = FineTuneLoss.describe(parent);
      FineTuned tuned = fineTune(result, pruned, parent.torchScript(), mask, settings, weights, train, batchLoss, listener);
      pruned = tuned.parameters();
      mask = tuned.finalMask();
    }
    if (mask != null) {
      long violations = mask.violations(pruned);
      if (violations > 0) {
        throw new IllegalStateException(violations + " pruned weights of " + source + " are not zero after the fine-tune");
      }
    }

    List<String> resultWeights = WeightTensors.names(result, pruned);
    long weightsAfter = WeightTensors.count(pruned, resultWeights);
    long zerosAfter = WeightTensors.zeros(pruned, resultWeights);
    LineageEntry stage = new LineageEntry.Prune(settings.method().id(), settings.ratio(), settings.schedule().id(),
        settings.fineTuneEpochs(), settings.learningRate(), "cosine", settings.batchSize(), settings.seed(), loss, keepFraction,
        weightsBefore, weightsAfter, weightsAfter == 0 ? 0.0 : (double) zerosAfter / weightsAfter,
        weightsBefore == 0 ? 0.0 : 1.0 - (double) (weightsAfter - zerosAfter) / weightsBefore,
        nonZeroBefore == 0 ? 0.0 : 1.0 - (double) (weightsAfter - zerosAfter) / nonZeroBefore);
    return parent.derive(result, pruned, null, stage, command, Map.of());
  }

  /** The parameters after the fine-tune and the mask they end with (null for structured). */
  private record FineTuned(ParameterSet parameters, PruningMask finalMask) {}

  private static FineTuned fineTune(
      Architecture architecture,
      ParameterSet start,
      byte[] torchScript,
      PruningMask firstMask,
      PruningSettings settings,
      List<String> weights,
      ImageDataset train,
      DistillationLoss loss,
      TrainingLoop.EpochListener listener) {
    TrainingSettings training = new TrainingSettings(
        settings.fineTuneEpochs(), settings.batchSize(), settings.learningRate(), true, settings.seed());
    int stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
    try (Classifier classifier = Classifier.open(architecture, start, null, torchScript)) {
      if (architecture.isTorchScript()) {
        // A TorchScript module is opened with its parameters frozen (inference only); train them.
        classifier.block().freezeParameters(false);
      }
      if (firstMask == null) {
        TrainingLoop.train(classifier, new InMemoryBatches(train), training, loss, TrainingLoop.AfterStep.NOTHING, listener);
        return new FineTuned(classifier.parameters(), null);
      }
      PruningMask[] current = {firstMask};
      try (MaskEnforcer enforcer = new MaskEnforcer(classifier, firstMask)) {
        int[] steps = {0};
        TrainingLoop.AfterStep afterStep = trained -> {
          enforcer.afterStep(trained);
          steps[0]++;
          if (settings.schedule() == PruningSchedule.GRADUAL && steps[0] % stepsPerEpoch == 0) {
            int nextEpoch = steps[0] / stepsPerEpoch + 1;
            if (nextEpoch <= settings.fineTuneEpochs()) {
              double ratio = settings.schedule().ratioBeforeEpoch(settings.ratio(), nextEpoch, settings.fineTuneEpochs());
              current[0] = magnitudeMask(settings.method(), trained.parameters(), weights, ratio, current[0]);
              enforcer.replace(current[0]);
            }
          }
        };
        TrainingLoop.train(classifier, new InMemoryBatches(train), training, loss, afterStep, listener);
      }
      return new FineTuned(classifier.parameters(), current[0]);
    }
  }

  private static PruningMask magnitudeMask(
      PruningMethod method, ParameterSet parameters, List<String> weights, double ratio, PruningMask previous) {
    return switch (method) {
      case MAGNITUDE_GLOBAL -> MagnitudePruning.global(parameters, weights, ratio, previous);
      case MAGNITUDE_PER_LAYER -> MagnitudePruning.perLayer(parameters, weights, ratio, previous);
      case STRUCTURED_L2 -> throw new IllegalArgumentException("structured pruning has no mask schedule");
    };
  }

  private static void checkPrunable(ModelArtifact parent, PruningSettings settings, String source) {
    if (parent.manifest().activations() != null || parent.manifest().lineage().stream().anyMatch(LineageEntry::quantizes)) {
      throw new InvalidInputException(source, "lineage",
          "is a quantized model; pruning comes before quantization (distill, prune, quantize), so prune its float parent");
    }
    if (parent.architecture().isTorchScript()) {
      if (settings.method().structured()) {
        throw new InvalidInputException(source, "method",
            "structured pruning narrows layers, and a TorchScript module's layer sizes are fixed in its compiled code; "
                + "use magnitude-global or magnitude-per-layer");
      }
    }
  }
}
