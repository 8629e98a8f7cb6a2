package io.edgesweep.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.DistillationSettings;
import io.edgesweep.compress.Distiller;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Pruning;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSettings;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.TeacherLogits;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.CostEstimate;
import io.edgesweep.evaluate.CostModel;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TeacherTraining;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.select.Candidate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one stage of the sweep for one task, reusing what the store already holds.
 *
 * <p>Every method first looks for its output in the content-addressed store and computes only
 * what is missing, then writes it back; so a re-run, a retried task after a failover or a widened
 * grid computes only what is new. The Beam DoFns in this package call these methods and count the
 * outcomes; everything here can also be called without Beam.
 */
public final class StageRunner {
  /** What a stage did for one task. */
  public enum Outcome {
    COMPUTED,
    REUSED,
    PASSED_THROUGH
  }

  /** What the teacher stage did: the teacher itself and its train-split logits. */
  public record TeacherOutcome(Outcome teacher, Outcome logits) {}

  /** What a leaf did, and the rows it yields. */
  public record LeafOutcome(Outcome quantize, Outcome evaluate, List<VariantResult> results) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stage settings were checked on the client; a parse error here names the spec's grid. */
  private static final String SPEC = "sweep grid";
  private static final WorkerCache<String, ModelArtifact> TEACHERS = new WorkerCache<>(4);
  private static final WorkerCache<String, TeacherLogits> LOGITS = new WorkerCache<>(4);
  private static final WorkerCache<String, Predictions> TEACHER_VALIDATION = new WorkerCache<>(4);

  private final SweepSettings settings;
  private final ArtifactStore store;

  public StageRunner(SweepSettings settings) {
    this.settings = settings;
    this.store = settings.store();
    TorchRuntime.setThreads(settings.threads());
  }

  public TeacherOutcome prepareTeacher(TeacherTask task) throws IOException {
    Outcome teacherOutcome = Outcome.REUSED;
    if (!store.contains(StageKinds.TEACHER, task.key())) {
      ModelArtifact teacher;
      if (task.modelFolder() != null) {
        teacher = ModelArtifact.read(Path.of(task.modelFolder()));
      } else {
        teacher = TeacherTraining.train(settings.splits(), Architecture.parse(task.arch()), task.training(),
            settings.command(), e -> {}).artifact();
      }
      store.put(StageKinds.TEACHER, task.key(), teacher.files());
      teacherOutcome = Outcome.COMPUTED;
    }
    Outcome logitsOutcome = Outcome.REUSED;
    if (!store.contains(StageKinds.LOGITS, task.logitsKey())) {
      TeacherLogits logits = TeacherLogits.compute(teacher(task), train());
      store.put(StageKinds.LOGITS, task.logitsKey(), Map.of("train.safetensors", logits.encode()));
      logitsOutcome = Outcome.COMPUTED;
    }
    return new TeacherOutcome(teacherOutcome, logitsOutcome);
  }

  public Outcome distill(DistillTask task, TeacherTask teacher) throws IOException {
    if (task.identity()) {
      return Outcome.PASSED_THROUGH;
    }
    if (store.contains(StageKinds.DISTILL, task.key())) {
      return Outcome.REUSED;
    }
    DistillationSettings distillation = new DistillationSettings(
        task.temperature(),
        task.temperature() == null ? 0 : settings.distillAlpha(),
        new TrainingSettings(settings.distillEpochs(), settings.distillBatchSize(), settings.distillLearningRate(), true, settings.seed()));
    ModelArtifact student = Distiller.distill(teacher(teacher), task.temperature() == null ? null : logits(teacher), train(),
        Architecture.parse(task.student()), distillation, settings.command());
    store.put(StageKinds.DISTILL, task.key(), student.files());
    return Outcome.COMPUTED;
  }

  public Outcome prune(PruneTask task, TeacherTask teacher) throws IOException {
    if (task.identity()) {
      return Outcome.PASSED_THROUGH;
    }
    if (store.contains(StageKinds.PRUNE, task.key())) {
      return Outcome.REUSED;
    }
    ModelArtifact parent = model(task.parentKind(), task.parentKey());
    PruningSettings pruning = new PruningSettings(PruningMethod.parse(task.method(), SPEC), task.ratio(),
        settings.fineTuneEpochs(), settings.fineTuneLearningRate(), settings.fineTuneBatchSize(), settings.seed());
    ModelArtifact pruned = Pruning.apply(parent, pruning, train(), logits(teacher), settings.command());
    store.put(StageKinds.PRUNE, task.key(), pruned.files());
    return Outcome.COMPUTED;
  }

  public LeafOutcome quantizeAndEvaluate(QuantizeTask task, TeacherTask teacher) throws IOException {
    String modelKind = task.identity() ? task.parentKind() : StageKinds.QUANTIZE;
    ModelArtifact model;
    Outcome quantizeOutcome;
    if (task.identity()) {
      model = model(task.parentKind(), task.parentKey());
      quantizeOutcome = Outcome.PASSED_THROUGH;
    } else if (store.contains(StageKinds.QUANTIZE, task.key())) {
      model = model(StageKinds.QUANTIZE, task.key());
      quantizeOutcome = Outcome.REUSED;
    } else {
      model = Quantization.apply(model(task.parentKind(), task.parentKey()), quantizationSettings(task), calibration(), settings.command());
      store.put(StageKinds.QUANTIZE, task.key(), model.files());
      quantizeOutcome = Outcome.COMPUTED;
    }
    LeafEvaluation evaluation;
    Outcome evaluateOutcome;
    if (store.contains(StageKinds.EVALUATION, task.evaluationKey())) {
      evaluation = JSON.readValue(store.get(StageKinds.EVALUATION, task.evaluationKey()).get("evaluation.json"), LeafEvaluation.class);
      evaluateOutcome = Outcome.REUSED;
    } else {
      evaluation = evaluate(model, teacher);
      store.put(StageKinds.EVALUATION, task.evaluationKey(), Map.of("evaluation.json", JSON.writeValueAsBytes(evaluation)));
      evaluateOutcome = Outcome.COMPUTED;
    }
    ModelFootprint footprint = Footprints.of(model);
    // Variants that share a leaf share its model, so each device's estimate is computed once.
    Map<String, CostEstimate> costs = new LinkedHashMap<>();
    for (DeviceProfile device : settings.devices()) {
      costs.put(device.id(), CostModel.estimate(footprint, device));
    }
    AccuracyEstimate accuracy = AccuracyEstimate.of(evaluation.correct(), evaluation.examples());
    List<VariantResult> results = new ArrayList<>();
    for (VariantCoordinates variant : task.variants()) {
      Map<String, VariantResult.DeviceEstimate> devices = new LinkedHashMap<>();
      costs.forEach((id, cost) -> devices.put(id,
          new VariantResult.DeviceEstimate(Candidate.of(variant.id(), accuracy, cost), cost.macs(), cost.bytesMoved())));
      results.add(new VariantResult(variant, modelKind, task.identity() ? task.parentKey() : task.key(), task.parentKind(), task.parentKey(),
          model.architecture().spec(),
          footprint.parameters(), footprint.nonZeroParameters(), footprint.denseMacs(), accuracy,
          evaluation.meanCrossEntropy(), evaluation.teacherAgreement(), devices));
    }
    return new LeafOutcome(quantizeOutcome, evaluateOutcome, results);
  }

  /** Accuracy of a stored model on the test split, which selection never saw. */
  public AccuracyEstimate testAccuracy(String kind, String key) throws IOException {
    ModelArtifact model = model(kind, key);
    try (Classifier classifier = model.open()) {
      Predictions predictions = Predictions.of(classifier, new InMemoryBatches(split(settings.splits().test())), settings.evaluationBatchSize());
      return AccuracyEstimate.of(predictions.correct(), predictions.size());
    }
  }

  /** Reads a stored model. */
  public ModelArtifact model(String kind, String key) throws IOException {
    return ModelArtifact.fromFiles(store.get(kind, key), store.location(kind, key));
  }

  private LeafEvaluation evaluate(ModelArtifact model, TeacherTask teacher) {
    ImageDataset validation = split(settings.splits().validation());
    Predictions teacherPredictions = TEACHER_VALIDATION.get(teacher.key() + "@" + settings.splits().validation(), k -> {
      try (Classifier classifier = teacher(teacher).open()) {
        return Predictions.of(classifier, new InMemoryBatches(validation), settings.evaluationBatchSize());
      }
    });
    try (Classifier classifier = model.open()) {
      Predictions predictions = Predictions.of(classifier, new InMemoryBatches(validation), settings.evaluationBatchSize());
      return new LeafEvaluation(predictions.correct(), predictions.size(), predictions.meanCrossEntropy(),
          predictions.agreement(teacherPredictions));
    }
  }

  private QuantizationSettings quantizationSettings(QuantizeTask task) {
    String source = SPEC;
    WeightPrecision weights = WeightPrecision.parse(task.weights(), source);
    ActivationSettings activations;
    if (task.activations().equals("off")) {
      activations = ActivationSettings.off();
    } else if (task.activations().equals("fp16")) {
      activations = ActivationSettings.fp16();
    } else {
      int bits = Integer.parseInt(task.activations().substring("int".length()));
      activations = ActivationSettings.integer(bits, ActivationSettings.Calibration.parse(settings.calibration(), source));
    }
    return new QuantizationSettings(weights, Granularity.parse(task.granularity(), source),
        QuantizationScheme.parse(task.scheme(), source), activations);
  }

  private ModelArtifact teacher(TeacherTask task) {
    return TEACHERS.get(task.key(), k -> {
      try {
        return model(StageKinds.TEACHER, k);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private TeacherLogits logits(TeacherTask task) {
    return LOGITS.get(task.logitsKey(), k -> {
      try {
        return TeacherLogits.decode(store.get(StageKinds.LOGITS, k).get("train.safetensors"), store.location(StageKinds.LOGITS, k));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private ImageDataset train() {
    return split(settings.splits().train());
  }

  private ImageDataset calibration() {
    return split(settings.splits().calibration());
  }

  private static ImageDataset split(Path file) {
    return SplitCache.get(file);
  }
}
