package io.edgesweep.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.compress.StageInputs;
import io.edgesweep.compress.TeacherLogits;
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
import io.edgesweep.model.VariantBatch;
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
  public record LeafOutcome(Outcome evaluate, List<VariantResult> results) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  // Keyed by the entry's location (store root, kind, key), not the key alone: a JVM that runs
  // sweeps over two stores (tests, a TaskManager serving two users) reads each store's own entries.
  private static final WorkerCache<String, ModelArtifact> TEACHERS = new WorkerCache<>(4);
  private static final WorkerCache<String, TeacherLogits> LOGITS = new WorkerCache<>(4);
  private static final WorkerCache<String, Predictions> TEACHER_VALIDATION = new WorkerCache<>(4);

  private final SweepSettings settings;
  private final ArtifactStore store;
  private final StoredModels models;

  public StageRunner(SweepSettings settings) {
    this.settings = settings;
    this.store = settings.store();
    this.models = new StoredModels(store);
    if (settings.shareCores()) {
      TorchRuntime.shareCores(Runtime.getRuntime().availableProcessors(), settings.threads());
    } else {
      TorchRuntime.setThreads(settings.threads());
    }
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
      StageClock.time(StageKinds.LOGITS, () -> {
        ModelArtifact teacher = teacher(task);
        TeacherLogits logits;
        // Alone in the job (every stage waits for the logits), so on every core where that gives the same bits.
        try (TorchRuntime.Pin allCores = TorchRuntime.allCoresFor(teacher.architecture())) {
          logits = TeacherLogits.compute(teacher, train());
        }
        store.put(StageKinds.LOGITS, task.logitsKey(), Map.of("train.safetensors", logits.encode()));
        return null;
      });
      logitsOutcome = Outcome.COMPUTED;
    }
    return new TeacherOutcome(teacherOutcome, logitsOutcome);
  }

  /**
   * Runs one node of the stage tree: passes its parent through, finds its output in the store, or
   * applies its stage to the parent and stores the result.
   */
  public Outcome run(StageTask task, TeacherTask teacher) throws IOException {
    if (task.passesThrough()) {
      return Outcome.PASSED_THROUGH;
    }
    if (store.contains(task.stage(), task.key())) {
      return Outcome.REUSED;
    }
    ModelArtifact parent = parent(task, teacher);
    store(task, parent, task.choice().apply(parent, inputs(task, teacher)));
    return Outcome.COMPUTED;
  }

  private ModelArtifact parent(StageTask task, TeacherTask teacher) throws IOException {
    return task.parentKind().equals(StageKinds.TEACHER) ? teacher(teacher) : models.shared(task.parentKind(), task.parentKey());
  }

  private void store(StageTask task, ModelArtifact parent, ModelArtifact output) throws IOException {
    // A leaf that rounds its parent is kept as the recipe that rebuilds it (StoredModels).
    boolean rounds = task.choice().roundsParent() && task.parentKey().equals(task.floatKey());
    store.put(task.stage(), task.key(), models.files(output, task.parentKind(), task.parentKey(), rounds ? parent : null));
  }

  /**
   * Runs nodes of one stage level (a group {@link ApplyStage} formed, whose models can train
   * together): passes through, reuses what the store holds, and computes the rest in one call of
   * the stage kind ({@link io.edgesweep.compress.StageKind#applyTogether}), which gives each model
   * the bits it would get alone; so keys and stored bytes are those of {@link #run(StageTask,
   * TeacherTask)} one at a time.
   *
   * @return each node's outcome, in order
   */
  public List<Outcome> run(List<StageTask> tasks, TeacherTask teacher) throws IOException {
    Outcome[] outcomes = new Outcome[tasks.size()];
    Map<String, StageTask> missing = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      StageTask task = tasks.get(i);
      if (task.passesThrough()) {
        outcomes[i] = Outcome.PASSED_THROUGH;
      } else if (missing.containsKey(task.key()) || store.contains(task.stage(), task.key())) {
        outcomes[i] = Outcome.REUSED;
      } else {
        missing.put(task.key(), task);
        outcomes[i] = Outcome.COMPUTED;
      }
    }
    if (missing.size() == 1) {
      run(missing.values().iterator().next(), teacher);
    } else if (missing.size() > 1) {
      List<StageTask> computed = List.copyOf(missing.values());
      List<ModelArtifact> parents = new ArrayList<>();
      List<StageInputs> inputs = new ArrayList<>();
      for (StageTask task : computed) {
        parents.add(parent(task, teacher));
        inputs.add(inputs(task, teacher));
      }
      List<ModelArtifact> outputs = computed.get(0).choice().kind()
          .applyTogether(computed.stream().map(StageTask::choice).toList(), parents, inputs);
      for (int i = 0; i < computed.size(); i++) {
        store(computed.get(i), parents.get(i), outputs.get(i));
      }
    }
    return List.of(outcomes);
  }

  /** Evaluates a leaf (or finds its evaluation in the store) and yields a row per variant it serves. */
  public LeafOutcome evaluate(StageTask leaf, TeacherTask teacher) throws IOException {
    return evaluate(List.of(leaf), teacher).get(0);
  }

  /**
   * Evaluates leaves (the leaves of one parent, as {@link EvaluateVariants} groups them) in one
   * pass over the validation split where their architecture allows ({@link VariantBatch}), finds
   * the evaluations already in the store, and yields each leaf's rows, in order.
   */
  public List<LeafOutcome> evaluate(List<StageTask> leaves, TeacherTask teacher) throws IOException {
    List<ModelArtifact> models = new ArrayList<>();
    Map<String, ModelArtifact> missing = new LinkedHashMap<>();
    for (StageTask leaf : leaves) {
      ModelArtifact model = model(leaf.outputKind(), leaf.key());
      models.add(model);
      if (!store.contains(StageKinds.EVALUATION, leaf.evaluationKey())) {
        missing.putIfAbsent(leaf.evaluationKey(), model);
      }
    }
    Map<String, LeafEvaluation> computed = new LinkedHashMap<>();
    List<LeafEvaluation> evaluations = validationMetrics(List.copyOf(missing.values()), teacher);
    int i = 0;
    for (String key : missing.keySet()) {
      computed.put(key, evaluations.get(i++));
    }
    List<LeafOutcome> outcomes = new ArrayList<>();
    for (int l = 0; l < leaves.size(); l++) {
      // remove(): a leaf listed twice is computed and stored once; its second listing reads it back
      outcomes.add(evaluate(leaves.get(l), models.get(l), computed.remove(leaves.get(l).evaluationKey())));
    }
    return outcomes;
  }

  private LeafOutcome evaluate(StageTask leaf, ModelArtifact model, LeafEvaluation computed) throws IOException {
    LeafEvaluation evaluation;
    Outcome evaluateOutcome;
    if (computed == null) {
      evaluation = JSON.readValue(store.get(StageKinds.EVALUATION, leaf.evaluationKey()).get("evaluation.json"), LeafEvaluation.class);
      evaluateOutcome = Outcome.REUSED;
    } else {
      evaluation = computed;
      store.put(StageKinds.EVALUATION, leaf.evaluationKey(), Map.of("evaluation.json", JSON.writeValueAsBytes(evaluation)));
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
    for (VariantCoordinates variant : leaf.variants()) {
      Map<String, VariantResult.DeviceEstimate> devices = new LinkedHashMap<>();
      costs.forEach((id, cost) -> devices.put(id,
          new VariantResult.DeviceEstimate(Candidate.of(variant.id(), accuracy, cost), cost.macs(), cost.bytesMoved())));
      results.add(new VariantResult(variant, leaf.outputKind(), leaf.key(), leaf.floatKind(), leaf.floatKey(),
          model.architecture().spec(),
          footprint.parameters(), footprint.nonZeroParameters(), footprint.denseMacs(), accuracy,
          evaluation.meanCrossEntropy(), evaluation.teacherAgreement(), devices));
    }
    return new LeafOutcome(evaluateOutcome, results);
  }

  /** What a stage may read besides its parent, loaded only when it asks. */
  private StageInputs inputs(StageTask task, TeacherTask teacher) {
    return new StageInputs() {
      @Override
      public ModelArtifact teacher() {
        return StageRunner.this.teacher(teacher);
      }

      @Override
      public List<Ancestor> ancestors() {
        return task.ancestors();
      }

      @Override
      public ModelArtifact model(Ancestor ancestor) {
        try {
          return ancestor.kind().equals(StageKinds.TEACHER) ? teacher() : StageRunner.this.model(ancestor.kind(), ancestor.key());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public TeacherLogits teacherLogits() {
        return logits(teacher);
      }

      @Override
      public ImageDataset train() {
        return StageRunner.this.train();
      }

      @Override
      public ImageDataset calibration() {
        return StageRunner.this.calibration();
      }

      @Override
      public String command() {
        return settings.command();
      }
    };
  }

  /**
   * Accuracy of a stored model on the test split, which selection never saw; kept in the store by
   * the model's key and the split's hash, so a re-run that picks the same model reads it back.
   * Called by selection, the job's one task at that point (it gathers every evaluation first).
   */
  public AccuracyEstimate testAccuracy(String kind, String key) throws IOException {
    String testKey = settings.testSha256() == null ? null : testKey(key, settings.testSha256());
    Map<String, byte[]> stored = testKey == null ? null : store.find(StageKinds.TEST, testKey);
    if (stored != null) {
      TestResult result = JSON.readValue(stored.get(TEST_FILE), TestResult.class);
      return AccuracyEstimate.of(result.correct(), result.examples());
    }
    ModelArtifact model = model(kind, key);
    // Selection runs after every evaluation, alone in the job: on every core where that gives the same bits.
    try (Classifier classifier = model.open(); TorchRuntime.Pin allCores = TorchRuntime.allCoresFor(model.architecture())) {
      Predictions predictions = Predictions.of(classifier, new InMemoryBatches(split(settings.splits().test())), settings.evaluationBatchSize());
      if (testKey != null) {
        store.put(StageKinds.TEST, testKey, Map.of(TEST_FILE, JSON.writeValueAsBytes(new TestResult(predictions.correct(), predictions.size()))));
      }
      return AccuracyEstimate.of(predictions.correct(), predictions.size());
    }
  }

  /** The store key of a model's accuracy on a test split. */
  public static String testKey(String modelKey, String testSha256) {
    return StageKey.of(modelKey, StageKinds.TEST, Map.of("test_sha256", testSha256));
  }

  private static final String TEST_FILE = "test.json";

  /** A model's result on the test split, as stored. */
  record TestResult(long correct, long examples) {}

  /** Reads a stored model. */
  public ModelArtifact model(String kind, String key) throws IOException {
    return models.read(kind, key);
  }

  /**
   * The validation metrics of {@code models}, in order. Models of one architecture that {@link
   * VariantBatch} supports run together; their predictions are bit for bit those of one at a time.
   */
  private List<LeafEvaluation> validationMetrics(List<ModelArtifact> models, TeacherTask teacher) {
    if (models.isEmpty()) {
      return List.of();
    }
    ImageDataset validation = split(settings.splits().validation());
    Predictions teacherPredictions = TEACHER_VALIDATION.get(store.location(StageKinds.TEACHER, teacher.key()) + "@" + settings.splits().validation(), k -> {
      ModelArtifact teacherModel = teacher(teacher);
      try (Classifier classifier = teacherModel.open(); TorchRuntime.Pin share = TorchRuntime.coresShareFor(teacherModel.architecture())) {
        return Predictions.of(classifier, new InMemoryBatches(validation), settings.evaluationBatchSize());
      }
    });
    Map<Architecture, List<Integer>> byArchitecture = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      byArchitecture.computeIfAbsent(models.get(i).architecture(), a -> new ArrayList<>()).add(i);
    }
    LeafEvaluation[] evaluations = new LeafEvaluation[models.size()];
    for (Map.Entry<Architecture, List<Integer>> group : byArchitecture.entrySet()) {
      List<Integer> members = group.getValue();
      List<Predictions> predictions = new ArrayList<>();
      // Evaluations run beside each other and the last ones alone: each on its share of the cores
      // where that gives the same bits.
      try (TorchRuntime.Pin share = TorchRuntime.coresShareFor(group.getKey())) {
        predictions.addAll(validationPredictions(models, members, group.getKey(), validation));
      }
      for (int m = 0; m < members.size(); m++) {
        Predictions p = predictions.get(m);
        evaluations[members.get(m)] = new LeafEvaluation(p.correct(), p.size(), p.meanCrossEntropy(), p.agreement(teacherPredictions));
      }
    }
    return List.of(evaluations);
  }

  /** The validation predictions of the models of one architecture: together where {@link VariantBatch} can. */
  private List<Predictions> validationPredictions(List<ModelArtifact> models, List<Integer> members, Architecture architecture,
      ImageDataset validation) {
    List<Predictions> predictions = new ArrayList<>();
    if (members.size() > 1 && VariantBatch.supports(architecture)) {
      try (VariantBatch batch = VariantBatch.open(members.stream().map(models::get).toList())) {
        predictions.addAll(Predictions.of(batch, new InMemoryBatches(validation), settings.evaluationBatchSize()));
      }
    } else {
      for (int i : members) {
        try (Classifier classifier = models.get(i).open()) {
          predictions.add(Predictions.of(classifier, new InMemoryBatches(validation), settings.evaluationBatchSize()));
        }
      }
    }
    return predictions;
  }

  private ModelArtifact teacher(TeacherTask task) {
    return TEACHERS.get(store.location(StageKinds.TEACHER, task.key()), k -> {
      try {
        return model(StageKinds.TEACHER, task.key());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private TeacherLogits logits(TeacherTask task) {
    return LOGITS.get(store.location(StageKinds.LOGITS, task.logitsKey()), k -> {
      try {
        return TeacherLogits.decode(store.get(StageKinds.LOGITS, task.logitsKey()).get("train.safetensors"), k);
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
