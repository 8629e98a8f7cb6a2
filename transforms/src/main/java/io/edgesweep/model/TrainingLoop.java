package io.edgesweep.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.edgesweep.data.BatchSource;
import io.edgesweep.data.ImageBatch;
import io.edgesweep.data.InMemoryBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a classifier with Adam on any per-batch loss, with a hook after every optimizer step.
 *
 * <p>DJL's trainer runs the forward pass; the Adam step is {@link AdamUpdate}, the same native
 * update without DJL's per-step copies. Batches come from the split held in native memory (see
 * {@link InMemoryBatches}), so a step's cost is the model's own arithmetic plus a few dozen
 * native calls (bench/TrainingLoopBenchmark.java measures it against bare matrix products).
 *
 * <p>One loop serves teacher training (cross-entropy), distillation (the KD loss, which needs the
 * batch's example indices to find the teacher's logits) and masked fine-tuning (the hook re-applies
 * the pruning mask), so they differ only in what they plug in.
 */
public final class TrainingLoop {
  private TrainingLoop() {}

  /** The loss of one batch, a scalar to minimize. */
  @FunctionalInterface
  public interface BatchLoss {
    NDArray loss(NDArray logits, ImageBatch batch);
  }

  /** Runs after every optimizer step, with the classifier whose weights just changed. */
  @FunctionalInterface
  public interface AfterStep {
    void afterStep(Classifier classifier);

    AfterStep NOTHING = c -> {};
  }

  /**
   * Runs after the backward pass and before the optimizer step, with the gradients in place: a
   * stage that ties weights together rewrites them here.
   */
  @FunctionalInterface
  public interface BeforeStep {
    void beforeStep(Classifier classifier);

    BeforeStep NOTHING = c -> {};
  }

  /** Told after every epoch; a command prints it, a pipeline stage ignores it. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(EpochReport report);

    EpochListener SILENT = r -> {};
  }

  /** Mean training loss and the accuracy on the training batches as they were trained. */
  public record EpochReport(int epoch, double meanLoss, double trainAccuracy) {}

  /** The plain label loss: softmax cross-entropy on the logits, mean over the batch. */
  public static final BatchLoss CROSS_ENTROPY = (logits, batch) ->
      Loss.softmaxCrossEntropyLoss().evaluate(new NDList(batch.labels()), new NDList(logits));

  public static List<EpochReport> train(
      Classifier classifier,
      BatchSource data,
      TrainingSettings settings,
      BatchLoss loss,
      AfterStep afterStep,
      EpochListener listener) {
    return train(classifier, data, settings, loss, BeforeStep.NOTHING, afterStep, listener);
  }

  /** Trains with a hook on the gradients of every step as well. */
  public static List<EpochReport> train(
      Classifier classifier,
      BatchSource data,
      TrainingSettings settings,
      BatchLoss loss,
      BeforeStep beforeStep,
      AfterStep afterStep,
      EpochListener listener) {
    Tracker schedule = schedule(data, settings);
    DefaultTrainingConfig config = config(schedule);
    List<EpochReport> reports = new ArrayList<>();
    long stepFlop = ArithmeticTally.trainingFlop(classifier.architecture());
    try (Trainer trainer = classifier.model().newTrainer(config);
        AdamUpdate adam = new AdamUpdate(classifier, schedule);
        TorchRuntime.Pin threads = TorchRuntime.fixedThreadsFor(classifier.architecture())) {
      trainer.initialize(inputShape(data));
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        double[] lossSum = {0};
        long[] correct = {0};
        try (NDManager epochManager = NDManager.newBaseManager()) {
          data.forEachBatch(epochManager, settings.batchSize(), settings.epochSeed(epoch), batch -> {
            TorchRuntime.followRunningTasks();
            try (GradientScope collector = new GradientScope()) {
              NDArray logits = trainer.forward(new NDList(batch.images())).singletonOrThrow();
              NDArray value = loss.loss(logits, batch);
              collector.backward(value);
              lossSum[0] += value.toFloatArray()[0] * batch.size(); // getFloat() clones the scalar first (~10x the cost)
              correct[0] += TrainAccuracy.correct(logits, batch.labels());
            }
            beforeStep.beforeStep(classifier);
            adam.step();
            afterStep.afterStep(classifier);
            ArithmeticTally.add(stepFlop * batch.size());
          });
        }
        EpochReport report = new EpochReport(epoch, lossSum[0] / data.size(), (double) correct[0] / data.size());
        reports.add(report);
        listener.epochDone(report);
      }
    }
    return reports;
  }

  /**
   * One model of a joint run ({@link #trainTogether}): the classifier to train, its loss and what
   * runs after each of its optimizer steps.
   */
  public record Member(Classifier classifier, BatchLoss loss, AfterStep afterStep) {}

  /** Whether models of {@code architecture} can train together in one pass (flatten and dense layers). */
  public static boolean canTrainTogether(Architecture architecture) {
    return JointTrainingStep.supports(architecture);
  }

  /**
   * Trains models of one architecture that share their settings on the same batches, in one pass
   * over the data: each ends with the weights it gets from {@link #train} alone, bit for bit.
   *
   * <p>Why together: the settings fix the data order (the seed's shuffle per epoch), so the models
   * see the same images at every step, and their first layers can read them once, as one wide
   * product ({@link JointTrainingStep}). Each model keeps its own loss, its own Adam state and its
   * own after-step hook (a pruning mask), applied after its own step. Architectures that {@link
   * #canTrainTogether} does not accept train one after the other.
   *
   * @return each member's epoch reports, in the members' order
   */
  public static List<List<EpochReport>> trainTogether(List<Member> members, BatchSource data, TrainingSettings settings) {
    if (members.size() == 1 || !canTrainTogether(members.get(0).classifier().architecture())) {
      List<List<EpochReport>> reports = new ArrayList<>();
      for (Member m : members) {
        reports.add(train(m.classifier(), data, settings, m.loss(), m.afterStep(), EpochListener.SILENT));
      }
      return reports;
    }
    int count = members.size();
    Tracker schedule = schedule(data, settings);
    DefaultTrainingConfig config = config(schedule);
    List<Classifier> classifiers = members.stream().map(Member::classifier).toList();
    List<BatchLoss> losses = members.stream().map(Member::loss).toList();
    List<List<EpochReport>> reports = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      List<AdamUpdate> adams = new ArrayList<>();
      for (Classifier classifier : classifiers) {
        Trainer trainer = classifier.model().newTrainer(config);
        resources.add(trainer);
        AdamUpdate adam = new AdamUpdate(classifier, schedule);
        resources.add(adam);
        adams.add(adam);
        trainer.initialize(inputShape(data)); // in the order train() does it
        reports.add(new ArrayList<>());
      }
      resources.add(TorchRuntime.fixedThreadsFor(classifiers.get(0).architecture()));
      JointTrainingStep step = new JointTrainingStep(classifiers);
      long stepFlop = count * ArithmeticTally.trainingFlop(classifiers.get(0).architecture());
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        double[] lossSum = new double[count];
        long[] correct = new long[count];
        try (NDManager epochManager = NDManager.newBaseManager()) {
          data.forEachBatch(epochManager, settings.batchSize(), settings.epochSeed(epoch), batch -> {
            TorchRuntime.followRunningTasks();
            step.run(batch, losses, (m, value, logits) -> {
              lossSum[m] += value.toFloatArray()[0] * batch.size();
              correct[m] += TrainAccuracy.correct(logits, batch.labels());
            });
            for (int m = 0; m < count; m++) {
              adams.get(m).step();
              members.get(m).afterStep().afterStep(classifiers.get(m));
            }
            ArithmeticTally.add(stepFlop * batch.size());
          });
        }
        for (int m = 0; m < count; m++) {
          reports.get(m).add(new EpochReport(epoch, lossSum[m] / data.size(), (double) correct[m] / data.size()));
        }
      }
    } catch (Throwable e) {
      closeAll(resources, e);
      throw e;
    }
    closeAll(resources, null);
    return reports;
  }

  /**
   * Closes what a joint run opened, last first, every one of them: a failure while closing is added
   * to the failure that ended the run, or thrown once all are closed.
   */
  private static void closeAll(List<AutoCloseable> resources, Throwable failure) {
    IllegalStateException closing = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (closing == null) {
          closing = new IllegalStateException("closing a joint training run failed: " + e.getMessage(), e);
        } else {
          closing.addSuppressed(e);
        }
      }
    }
    if (closing != null) {
      throw closing;
    }
  }

  /**
   * The first-layer shapes joint training met in this JVM and whether their wide product was
   * bit-identical (and so used): what a benchmark or a test reports, to show the joint path ran.
   */
  public static Map<VariantBatch.ProductShape, Boolean> togetherShapeVerdicts() {
    return JointTrainingStep.shapeVerdicts();
  }

  /** The learning rate by step: constant, or cosine decay to 0 over the whole run. */
  private static Tracker schedule(BatchSource data, TrainingSettings settings) {
    int stepsPerEpoch = (data.size() + settings.batchSize() - 1) / settings.batchSize();
    int totalSteps = Math.max(1, stepsPerEpoch * settings.epochs());
    float base = (float) settings.learningRate();
    return settings.cosine()
        ? step -> (float) (base * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, totalSteps) / totalSteps)))
        : Tracker.fixed(base);
  }

  private static DefaultTrainingConfig config(Tracker schedule) {
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        // The trainer runs forward passes only; its optimizer is never stepped (AdamUpdate is).
        .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build())
        .optDevices(new Device[] {Device.cpu()});
  }

  private static Shape inputShape(BatchSource data) {
    return new Shape(1, data.shape().channels(), data.shape().height(), data.shape().width());
  }
}
