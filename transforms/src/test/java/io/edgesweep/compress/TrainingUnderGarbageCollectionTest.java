package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.TorchScalars;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training with the distillation loss gives the same bits whenever the garbage collector runs.
 *
 * <p>The loss's scalars once came from DJL's {@code x.div(Number)}, whose scalar tensor lives in a
 * Java buffer that is freed after a collection while autograd still holds it for the backward
 * pass (TorchScalars). With a collection forced every few milliseconds, 2 or 3 of 5 fine-tunes of
 * the mini teacher differed from each other; two sweeps of one spec in one JVM differed now and
 * then for the same reason.
 */
class TrainingUnderGarbageCollectionTest {
  @Test
  void aDistillationFineTuneGivesTheSameBitsWhileCollectionsRun() throws Exception {
    TorchRuntime.setThreads(1);
    ModelArtifact teacher = MiniData.teacher();
    ParameterSet quiet = fineTuned(teacher);
    List<ParameterSet> collected = new ArrayList<>();
    Thread collector = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        try {
          Thread.sleep(3);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    try {
      for (int i = 0; i < 4; i++) {
        collected.add(fineTuned(teacher));
      }
    } finally {
      collector.interrupt();
      collector.join();
    }
    assertThat(collected).containsOnly(quiet);
  }

  @Test
  void torchScalarsComputeWhatDjlsNumberOperationsCompute() {
    Random random = new Random(5);
    float[] values = new float[257];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 10);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(values, new Shape(values.length));
      assertThat(TorchScalars.div(x, 64).toFloatArray()).isEqualTo(x.div(64).toFloatArray());
      assertThat(TorchScalars.div(x, 2.7f).toFloatArray()).isEqualTo(x.div(2.7f).toFloatArray());
      assertThat(TorchScalars.mul(x, 0.3f).toFloatArray()).isEqualTo(x.mul(0.3f).toFloatArray());
      assertThat(TorchScalars.add(x, -1.25f).toFloatArray()).isEqualTo(x.add(-1.25f).toFloatArray());
      assertThat(TorchScalars.sub(x, 3).toFloatArray()).isEqualTo(x.sub(3).toFloatArray());
      assertThat(TorchScalars.div(x, 3).toFloatArray()[1]).isEqualTo(values[1] / 3f);
    }
  }

  /** Two epochs of the KD fine-tune of the mini teacher (T = 4, α = 0.5): the weights. */
  private static ParameterSet fineTuned(ModelArtifact teacher) {
    try (Classifier classifier = Classifier.open(teacher.architecture(), teacher.parameters(), null, null)) {
      DistillationLoss loss = new DistillationLoss(MiniData.teacherLogits(), 4.0, 0.5);
      TrainingLoop.train(classifier, new InMemoryBatches(MiniData.train()), new TrainingSettings(2, 128, 1e-3, true, 7), loss,
          TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
      return classifier.parameters();
    }
  }
}
