package io.edgesweep.compress;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.spec.SpecNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pruning as a stage kind: methods × ratios, each cut and fine-tuned by {@link Pruning}.
 *
 * <p>Ratio 0 passes its parent through under every method, so those variants share one model.
 */
public final class PruneStage implements StageKind {
  public static final String NAME = "prune";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String section() {
    return "pruning";
  }

  @Override
  public boolean required() {
    return true;
  }

  @Override
  public String label() {
    return "PruneVariants";
  }

  /** Magnitude-pruned fine-tunes of one architecture and one fine-tune train together ({@link Pruning#applyTogether}). */
  @Override
  public List<ModelArtifact> applyTogether(List<StageChoice> choices, List<ModelArtifact> parents, List<StageInputs> inputs) {
    List<Pruning.Job> jobs = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      jobs.add(new Pruning.Job(parents.get(i), ((Choice) choices.get(i)).settings(), inputs.get(i).teacherLogitsFor(parents.get(i))));
    }
    return Pruning.applyTogether(jobs, inputs.get(0).train(), inputs.get(0).command());
  }

  @Override
  public List<StageColumn> columns() {
    return List.of(StageColumn.text("pruning_method"), StageColumn.number("pruning_ratio"));
  }

  @Override
  public Spec read(SpecNode node, long seed) {
    node.allowOnly("methods", "ratios", "fine_tune_epochs", "batch_size", "learning_rate");
    List<PruningMethod> methods = node.list("methods", List.of(PruningMethod.MAGNITUDE_GLOBAL),
        node.strings(s -> PruningMethod.parse(s, node.file())));
    List<Double> ratios = node.list("ratios", (value, at) -> node.checkedNumber(value, at, 0, 1, false));
    return new Spec(methods, ratios, node.wholeNumber("fine_tune_epochs", 1, 0, 1000), node.wholeNumber("batch_size", 128, 1, 65_536),
        node.number("learning_rate", 5e-4, 1e-9, 10, true), seed);
  }

  /** The pruning section: methods and ratios, and the fine-tune they share. */
  public record Spec(List<PruningMethod> methods, List<Double> ratios, int fineTuneEpochs, int batchSize, double learningRate, long seed)
      implements StageSpec {
    public Spec {
      methods = List.copyOf(methods);
      ratios = List.copyOf(ratios);
    }

    /** A spec over the given axes with the default fine-tune, for tests and tools. */
    public static Spec of(List<PruningMethod> methods, Double... ratios) {
      return new Spec(methods, Arrays.asList(ratios), 1, 32, 1e-3, 1);
    }

    @Override
    public StageKind kind() {
      return new PruneStage();
    }

    @Override
    public List<Choice> choices(GridContext context, List<StageChoice> path) {
      List<Choice> choices = new ArrayList<>();
      for (PruningMethod method : methods) {
        for (double ratio : ratios) {
          choices.add(new Choice(new PruningSettings(method, ratio, fineTuneEpochs, learningRate, batchSize, seed)));
        }
      }
      return choices;
    }
  }

  /** One method at one ratio. */
  public record Choice(PruningSettings settings) implements StageChoice {
    @Override
    public StageKind kind() {
      return new PruneStage();
    }

    @Override
    public boolean passesThrough() {
      return settings.ratio() == 0;
    }

    @Override
    public Map<String, Object> keyParameters(GridContext context) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("method", settings.method().id());
      p.put("ratio", settings.ratio());
      p.put("fine_tune_epochs", settings.fineTuneEpochs());
      p.put("batch_size", settings.batchSize());
      p.put("learning_rate", settings.learningRate());
      p.put("seed", settings.seed());
      p.put("train_sha256", context.trainSha256());
      return p;
    }

    /**
     * Fine-tunes of one architecture (the nearest one set on the path: the student's) with one
     * fine-tune see the same batches; their masks and starting weights are their own.
     */
    @Override
    public String trainingGroup(List<StageInputs.Ancestor> path) {
      if (passesThrough() || settings.fineTuneEpochs() == 0 || settings.method().structured()) {
        return null;
      }
      for (int i = path.size() - 1; i >= 0; i--) {
        String architecture = path.get(i).isTeacher() ? null : path.get(i).choice().setsArchitecture();
        if (architecture != null) {
          return TrainingLoop.canTrainTogether(Architecture.parse(architecture))
              ? architecture + " " + Pruning.fineTuneTraining(settings)
              : null;
        }
      }
      return null;
    }

    @Override
    public List<Object> columnValues() {
      return List.of(passesThrough() ? "none" : settings.method().id(), settings.ratio());
    }

    @Override
    public String describe() {
      return passesThrough() ? "unpruned" : settings.method().id() + " " + Stages.trim(settings.ratio());
    }

    @Override
    public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
      return Pruning.apply(parent, settings, inputs.train(), inputs.teacherLogitsFor(parent), inputs.command());
    }
  }
}
