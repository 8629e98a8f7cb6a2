package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The operations counted for a stage's GFLOP figure: hand-computed per example, and exactly what
 * training, single and batched inference add on the thread that ran them, nothing on another.
 */
class ArithmeticTallyTest {
  /** 300 examples: two full batches of 128 and a short one of 44, so per-batch counting must use the batch's size. */
  private static ImageDataset data() {
    return RandomImages.of(300, 3);
  }

  @Test
  void aForwardPassIsTwoOperationsPerMultiplyAddAndATrainingStepThreeForwardPasses() {
    // 784·300 + 300·100 + 100·10 = 266,200 multiply-adds per example.
    assertThat(ArithmeticTally.forwardFlop(Architecture.parse("mlp:784-300-100-10"))).isEqualTo(532_400);
    assertThat(ArithmeticTally.trainingFlop(Architecture.parse("mlp:784-300-100-10"))).isEqualTo(1_597_200);
    // 784·100 + 100·10 = 79,400.
    assertThat(ArithmeticTally.forwardFlop(Architecture.parse("mlp:784-100-10"))).isEqualTo(158_800);
  }

  @Test
  void trainingAndInferenceAddTheirExamplesOperationsOnTheirOwnThreadOnly() throws Exception {
    Architecture arch = Architecture.parse("mlp:784-100-10");
    ImageDataset data = data();
    long before = ArithmeticTally.ofThisThread();
    try (Classifier c = Classifier.open(arch, Initialization.forTraining(arch, 1), null, null)) {
      TrainingLoop.train(c, new InMemoryBatches(data), new TrainingSettings(2, 128, 1e-3, true, 3), TrainingLoop.CROSS_ENTROPY,
          TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
      assertThat(ArithmeticTally.ofThisThread() - before).as("2 epochs of 300 examples, 476,400 each").isEqualTo(2 * 300 * 476_400L);

      long beforeInference = ArithmeticTally.ofThisThread();
      Predictions.of(c, new InMemoryBatches(data), 128);
      assertThat(ArithmeticTally.ofThisThread() - beforeInference).isEqualTo(300 * 158_800L);

      // Another thread's tally starts at its own zero and this thread's does not move while it works.
      long mine = ArithmeticTally.ofThisThread();
      AtomicLong otherStart = new AtomicLong(-1);
      AtomicLong otherEnd = new AtomicLong(-1);
      Thread thread = new Thread(() -> {
        otherStart.set(ArithmeticTally.ofThisThread());
        Predictions.of(c, new InMemoryBatches(data), 100);
        otherEnd.set(ArithmeticTally.ofThisThread());
      });
      thread.start();
      thread.join();
      assertThat(otherStart.get()).isZero();
      assertThat(otherEnd.get()).isEqualTo(300 * 158_800L);
      assertThat(ArithmeticTally.ofThisThread()).isEqualTo(mine);
    }
  }

  @Test
  void modelsTrainedTogetherAndLeavesEvaluatedTogetherCountEachModel() {
    Architecture arch = Architecture.parse("mlp:784-100-10");
    ImageDataset data = data();
    try (Classifier a = Classifier.open(arch, Initialization.forTraining(arch, 1), null, null);
        Classifier b = Classifier.open(arch, Initialization.forTraining(arch, 2), null, null)) {
      long before = ArithmeticTally.ofThisThread();
      TrainingLoop.trainTogether(List.of(new TrainingLoop.Member(a, TrainingLoop.CROSS_ENTROPY, TrainingLoop.AfterStep.NOTHING),
          new TrainingLoop.Member(b, TrainingLoop.CROSS_ENTROPY, TrainingLoop.AfterStep.NOTHING)),
          new InMemoryBatches(data), new TrainingSettings(1, 128, 1e-3, true, 3));
      assertThat(ArithmeticTally.ofThisThread() - before).isEqualTo(2 * 300 * 476_400L);
    }
    List<ModelArtifact> leaves = List.of(UntrainedModels.of(arch, 4, data), UntrainedModels.of(arch, 5, data), UntrainedModels.of(arch, 6, data));
    try (VariantBatch batch = VariantBatch.open(leaves)) {
      long before = ArithmeticTally.ofThisThread();
      Predictions.of(batch, new InMemoryBatches(data), 128);
      assertThat(ArithmeticTally.ofThisThread() - before).isEqualTo(3 * 300 * 158_800L);
    }
  }
}
