package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import org.junit.jupiter.api.Test;

/**
 * The training loop's own Adam step against DJL's trainer and optimizer, which it replaces for
 * speed: the same weights bit for bit after a few hundred steps.
 */
class TrainingLoopTest {
  private static final Architecture ARCH = Architecture.parse("mlp:784-48-10");

  private static ImageDataset data() {
    return RandomImages.of(128 * 12 + 40, 4);
  }

  @Test
  void theLoopsAdamGivesTheWeightsDjlsTrainerGivesBitForBit() {
    ImageDataset data = data();
    TrainingSettings settings = new TrainingSettings(3, 128, 2e-3, true, 11);
    ParameterSet fast;
    try (Classifier c = Classifier.open(ARCH, Initialization.pytorchDefault(ARCH, 11), null, null)) {
      TrainingLoop.train(c, new InMemoryBatches(data), settings, TrainingLoop.CROSS_ENTROPY,
          TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
      fast = c.parameters();
    }
    ParameterSet reference = withDjlTrainer(data, settings);
    assertThat(fast.names()).isEqualTo(reference.names());
    for (String name : fast.names()) {
      float[] a = fast.get(name).values();
      float[] b = reference.get(name).values();
      for (int i = 0; i < a.length; i++) {
        assertThat(Float.floatToIntBits(a[i])).as("%s[%d]", name, i).isEqualTo(Float.floatToIntBits(b[i]));
      }
    }
    assertThat(fast).isNotEqualTo(Initialization.pytorchDefault(ARCH, 11));
  }

  /** The loop as it was written on DJL's Trainer: its Adam, its step, its parameter server. */
  private static ParameterSet withDjlTrainer(ImageDataset data, TrainingSettings settings) {
    int steps = settings.epochs() * ((data.size() + settings.batchSize() - 1) / settings.batchSize());
    float base = (float) settings.learningRate();
    Tracker cosine = step -> (float) (base * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps)));
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(cosine).build())
        .optDevices(new Device[] {Device.cpu()});
    try (Classifier c = Classifier.open(ARCH, Initialization.pytorchDefault(ARCH, 11), null, null);
        Trainer trainer = c.model().newTrainer(config)) {
      trainer.initialize(new Shape(1, 1, 28, 28));
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        try (NDManager manager = NDManager.newBaseManager()) {
          new InMemoryBatches(data).forEachBatch(manager, settings.batchSize(), settings.epochSeed(epoch), batch -> {
            try (GradientScope scope = new GradientScope()) {
              NDArray logits = trainer.forward(new NDList(batch.images())).singletonOrThrow();
              scope.backward(TrainingLoop.CROSS_ENTROPY.loss(logits, batch));
            }
            trainer.step();
          });
        }
      }
      return c.parameters();
    }
  }
}
