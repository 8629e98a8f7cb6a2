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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    Cut cut = cut(parent, settings);
    if (settings.fineTuneEpochs() == 0) {
      return finish(cut, cut.pruned(), cut.mask(), "none", command);
    }
    DistillationLoss batchLoss = FineTuneLoss.of(parent, teacherLogits, train);
    try (FineTune run = new FineTune(cut, train)) {
      TrainingLoop.train(run.classifier, new InMemoryBatches(train), run.training(), batchLoss, run.afterStep(), listener);
      return finish(cut, run.classifier.parameters(), run.mask, FineTuneLoss.describe(parent), command);
    }
  }

  /**
   * One model to prune and fine-tune.
   *
   * @param teacherLogits as for {@link #apply}
   */
  public record Job(ModelArtifact parent, PruningSettings settings, TeacherLogits teacherLogits) {}

  /**
   * Prunes several models, fine-tuning together in one pass over the data ({@link
   * TrainingLoop#trainTogether}) those magnitude-pruned models whose architecture and fine-tune
   * settings (which fix the data order) are the same; each comes out as {@link #apply} alone makes
   * it, bit for bit. Structured pruning (whose architecture depends on the ratio) and TorchScript
   * models are pruned one at a time.
   *
   * @return the pruned models, in order
   */
  public static List<ModelArtifact> applyTogether(List<Job> jobs, ImageDataset train, String command) {
    ModelArtifact[] out = new ModelArtifact[jobs.size()];
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    Cut[] cuts = new Cut[jobs.size()];
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      PruningSettings settings = job.settings();
      if (settings.fineTuneEpochs() == 0 || settings.method().structured() || job.parent().architecture().isTorchScript()) {
        out[i] = apply(job.parent(), settings, train, job.teacherLogits(), command);
      } else {
        cuts[i] = cut(job.parent(), settings);
        groups.computeIfAbsent(List.of(job.parent().architecture(), fineTuneTraining(settings)), k -> new ArrayList<>()).add(i);
      }
    }
    for (List<Integer> group : groups.values()) {
      List<FineTune> runs = new ArrayList<>();
      try {
        List<TrainingLoop.Member> members = new ArrayList<>();
        for (int i : group) {
          FineTune run = new FineTune(cuts[i], train);
          runs.add(run);
          Job job = jobs.get(i);
          members.add(new TrainingLoop.Member(run.classifier, FineTuneLoss.of(job.parent(), job.teacherLogits(), train), run.afterStep()));
        }
        TrainingLoop.trainTogether(members, new InMemoryBatches(train), runs.get(0).training());
        for (int g = 0; g < group.size(); g++) {
          int i = group.get(g);
          FineTune run = runs.get(g);
          out[i] = finish(cuts[i], run.classifier.parameters(), run.mask, FineTuneLoss.describe(jobs.get(i).parent()), command);
        }
      } finally {
        runs.forEach(FineTune::close);
      }
    }
    return List.of(out);
  }

  /** The training a fine-tune runs: its epochs, batch, rate and seed, with a cosine schedule. */
  public static TrainingSettings fineTuneTraining(PruningSettings settings) {
    return new TrainingSettings(settings.fineTuneEpochs(), settings.batchSize(), settings.learningRate(), true, settings.seed());
  }

  /**
   * A parent cut by one method and ratio, before the fine-tune.
   *
   * @param architecture the result's architecture (narrower for structured pruning)
   * @param mask the magnitude mask of the first epoch; null for structured pruning
   * @param keepFraction structured pruning's kept fraction of units; null otherwise
   */
  private record Cut(ModelArtifact parent, PruningSettings settings, Architecture architecture, ParameterSet pruned, PruningMask mask,
      Double keepFraction, List<String> weights, long weightsBefore, long nonZeroBefore) {}

  private static Cut cut(ModelArtifact parent, PruningSettings settings) {
    String source = ArtifactNames.describe(parent);
    checkPrunable(parent, settings, source);
    Architecture architecture = parent.architecture();
    ParameterSet parameters = parent.parameters();
    List<String> weights = WeightTensors.names(architecture, parameters);
    long weightsBefore = WeightTensors.count(parameters, weights);
    long nonZeroBefore = weightsBefore - WeightTensors.zeros(parameters, weights);
    if (settings.method().structured()) {
      StructuredPruning.Selection selection = StructuredPruning.select(architecture, parameters, settings.ratio());
      return new Cut(parent, settings, selection.architecture(), selection.narrow(parameters), null, selection.keepFraction(), weights,
          weightsBefore, nonZeroBefore);
    }
    double first = settings.schedule().ratioBeforeEpoch(settings.ratio(), 1, settings.fineTuneEpochs());
    PruningMask mask = magnitudeMask(settings.method(), parameters, weights, first, null);
    return new Cut(parent, settings, architecture, mask.applyTo(parameters), mask, null, weights, weightsBefore, nonZeroBefore);
  }

  /** Checks the mask held through the fine-tune and records what was pruned in the lineage. */
  private static ModelArtifact finish(Cut cut, ParameterSet pruned, PruningMask mask, String loss, String command) {
    if (mask != null) {
      long violations = mask.violations(pruned);
      if (violations > 0) {
        throw new IllegalStateException(violations + " pruned weights of " + ArtifactNames.describe(cut.parent()) + " are not zero after the fine-tune");
      }
    }
    PruningSettings settings = cut.settings();
    Architecture result = cut.architecture();
    List<String> resultWeights = WeightTensors.names(result, pruned);
    long weightsBefore = cut.weightsBefore();
    long nonZeroBefore = cut.nonZeroBefore();
    long weightsAfter = WeightTensors.count(pruned, resultWeights);
    long zerosAfter = WeightTensors.zeros(pruned, resultWeights);
    LineageEntry stage = new LineageEntry.Prune(settings.method().id(), settings.ratio(), settings.schedule().id(),
        settings.fineTuneEpochs(), settings.learningRate(), "cosine", settings.batchSize(), settings.seed(), loss, cut.keepFraction(),
        weightsBefore, weightsAfter, weightsAfter == 0 ? 0.0 : (double) zerosAfter / weightsAfter,
        weightsBefore == 0 ? 0.0 : 1.0 - (double) (weightsAfter - zerosAfter) / weightsBefore,
        nonZeroBefore == 0 ? 0.0 : 1.0 - (double) (weightsAfter - zerosAfter) / nonZeroBefore);
    return cut.parent().derive(result, pruned, null, stage, command, Map.of());
  }

  /**
   * A cut model opened for its fine-tune, with its mask kept on after every step and, on a gradual
   * schedule, raised at the start of each epoch; for one run alone or together with others.
   */
  private static final class FineTune implements AutoCloseable {
    private final Classifier classifier;
    private final Cut cut;
    private final int stepsPerEpoch;
    private final MaskEnforcer enforcer;
    private PruningMask mask;
    private int steps;

    FineTune(Cut cut, ImageDataset train) {
      this.cut = cut;
      this.mask = cut.mask();
      this.stepsPerEpoch = (train.size() + cut.settings().batchSize() - 1) / cut.settings().batchSize();
      Classifier opened = Classifier.open(cut.architecture(), cut.pruned(), null, cut.parent().torchScript());
      try {
        if (cut.architecture().isTorchScript()) {
          // A TorchScript module is opened with its parameters frozen (inference only); train them.
          opened.block().freezeParameters(false);
        }
        this.enforcer = mask == null ? null : new MaskEnforcer(opened, mask);
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      this.classifier = opened;
    }

    TrainingSettings training() {
      return fineTuneTraining(cut.settings());
    }

    TrainingLoop.AfterStep afterStep() {
      if (enforcer == null) {
        return TrainingLoop.AfterStep.NOTHING;
      }
      PruningSettings settings = cut.settings();
      return trained -> {
        enforcer.afterStep(trained);
        steps++;
        if (settings.schedule() == PruningSchedule.GRADUAL && steps % stepsPerEpoch == 0) {
          int nextEpoch = steps / stepsPerEpoch + 1;
          if (nextEpoch <= settings.fineTuneEpochs()) {
            double ratio = settings.schedule().ratioBeforeEpoch(settings.ratio(), nextEpoch, settings.fineTuneEpochs());
            mask = magnitudeMask(settings.method(), trained.parameters(), cut.weights(), ratio, mask);
            enforcer.replace(mask);
          }
        }
      };
    }

    @Override
    public void close() {
      if (enforcer != null) {
        enforcer.close();
      }
      classifier.close();
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
