package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import io.edgesweep.TestData;
import io.edgesweep.data.BatchSource;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch thread count may follow the running tasks only because it does not change what is
 * trained: with MKL's strict reproducibility on (TorchRuntime switches it on; without it, 2 and 4
 * threads gave other bits than 1 for mlp:784-100-10 here) the same model trained with 1, 2, 3 and
 * 4 intra-op threads has the same weights, bit for bit; and the shared-cores rule gives each
 * running task its share.
 */
class TorchThreadsTest {
  @AfterEach
  void fixedThreadsAgain() {
    TorchRuntime.setThreads(1);
  }

  /**
   * MKL takes its reproducible mode only before its first product; the build starts test JVMs with
   * it in the environment (as bin/edgesweep and the cluster's JVMs do), so a product run by other
   * code before edgesweep loads PyTorch does not cost it. Run alone without that environment, this
   * fails: the programmatic switch is refused. Run after another test had loaded PyTorch through
   * TorchRuntime, the product would prove nothing, so the environment itself is checked first.
   */
  @Test
  void aProductRunBeforeEdgesweepLoadsPyTorchLeavesResultsReproducible() {
    assertThat(System.getenv(TorchRuntime.MKL_CBWR_VARIABLE)).isEqualTo(TorchRuntime.MKL_CBWR_VALUE);
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      ai.djl.ndarray.NDArray a = manager.ones(new ai.djl.ndarray.types.Shape(64, 64));
      assertThat(a.matMul(a).getFloat(0, 0)).isEqualTo(64f);
    }
    assertThat(TorchRuntime.resultsIndependentOfThreads()).isTrue();
  }

  @Test
  void denseModelsTrainToTheSameBitsWithOneToFourThreads() throws Exception {
    assertThat(TorchRuntime.resultsIndependentOfThreads()).as("libtorch's MKL accepts strict reproducibility").isTrue();
    ImageDataset train = ParquetImageDatasets.read(TestData.mini().train());
    for (String spec : List.of("mlp:784-100-10", "mlp:784-300-100-10")) {
      List<String> hashes = new ArrayList<>();
      for (int threads : new int[] {1, 2, 3, 4}) {
        hashes.add(trainedHash(spec, train, threads));
      }
      assertThat(hashes).as(spec).containsOnly(hashes.get(0));
    }
  }

  /**
   * Why convolutional models never share cores: oneDNN reduces their weight gradients per thread,
   * so two threads train other bits than one. A pin back to the fixed count inside a task thread
   * (what sharing did before) was not enough on a Zen 5 EPYC with AVX-512: a thread whose count had
   * been 4, then 1, trained the 4-thread bits (e1f3... for one thread from the start, 3c8a... after
   * 4 then 1, the same as 4 threads throughout). So sharing is refused for any grid with such a
   * model (SweepPlan, {@link TorchRuntime#canShareCores}) and every thread keeps the fixed count.
   */
  @Test
  void convolutionalModelsTrainToOtherBitsWithAnotherThreadCountSoTheyNeverShareCores() throws Exception {
    ImageDataset train = ParquetImageDatasets.read(TestData.mini().train());
    String spec = "cnn:1x28x28:c4k5p2-m2-c8k5-m2-f64-f10";
    String oneThread = trainedHash(spec, train, 1);
    assertThat(trainedHash(spec, train, 2)).isNotEqualTo(oneThread);
    assertThat(TorchRuntime.canShareCores(Architecture.parse(spec))).isFalse();
    assertThat(TorchRuntime.canShareCores(Architecture.parse("lenet5"))).isFalse();
    assertThat(TorchRuntime.canShareCores(Architecture.parse("mlp:784-300-100-10"))).isTrue();
  }

  @Test
  void sharedCoresAreSplitAmongTheRunningTasks() throws Exception {
    TorchRuntime.useFreeCores(() -> 4);
    TorchRuntime.shareCores(4, 1);
    int before = TorchRuntime.runningTasks();
    assertThat(before).isZero();
    assertThat(TorchRuntime.threads()).isEqualTo(4);
    TorchRuntime.taskStarted();
    assertThat(JniUtils.getNumThreads()).isEqualTo(4);
    TorchRuntime.taskStarted();
    TorchRuntime.taskStarted();
    assertThat(TorchRuntime.threads()).isEqualTo(1); // 4 / 3, at least 1 each: never more threads than cores
    TorchRuntime.followRunningTasks();
    assertThat(JniUtils.getNumThreads()).isEqualTo(1);
    TorchRuntime.taskEnded();
    assertThat(TorchRuntime.threads()).isEqualTo(2);
    TorchRuntime.followRunningTasks();
    assertThat(JniUtils.getNumThreads()).isEqualTo(2);
    TorchRuntime.useFreeCores(() -> 1);
    assertThat(TorchRuntime.threads()).as("other processes keep 3 of the 4 cores busy").isEqualTo(1);
    TorchRuntime.useFreeCores(() -> 4);
    TorchRuntime.taskEnded();
    TorchRuntime.taskEnded();
    TorchRuntime.setThreads(3);
    TorchRuntime.taskStarted();
    assertThat(TorchRuntime.threads()).as("a fixed count ignores the running tasks").isEqualTo(3);
    TorchRuntime.taskEnded();
  }

  /**
   * The teacher's logits run on every core (every stage waits for them) only where that gives the
   * one-thread bits: a dense model under MKL's strict mode; a convolutional one keeps the count.
   */
  @Test
  void theTeachersInferenceTakesEveryCoreOnlyWhereItGivesTheSameBits() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    TorchRuntime.useFreeCores(() -> cores);
    ImageDataset train = ParquetImageDatasets.read(TestData.mini().train());
    Architecture dense = Architecture.parse("mlp:784-300-100-10");
    try (Classifier classifier = Classifier.open(dense, Initialization.pytorchDefault(dense, 7), null, null)) {
      float[] oneThread = Predictions.of(classifier, new InMemoryBatches(train), 1000).logits();
      assertThat(JniUtils.getNumThreads()).isEqualTo(1);
      float[] allCores;
      try (TorchRuntime.Pin alone = TorchRuntime.allCoresFor(dense)) {
        allCores = Predictions.of(classifier, new InMemoryBatches(train), 1000).logits();
        assertThat(JniUtils.getNumThreads()).isEqualTo(cores);
      }
      assertThat(JniUtils.getNumThreads()).as("the configured count again").isEqualTo(1);
      assertThat(allCores).isEqualTo(oneThread);
      TorchRuntime.useFreeCores(() -> 1);
      try (TorchRuntime.Pin alone = TorchRuntime.allCoresFor(dense)) {
        assertThat(JniUtils.getNumThreads()).as("other processes keep all but one core busy").isEqualTo(1);
      } finally {
        TorchRuntime.useFreeCores(() -> cores);
      }
    }
    try (TorchRuntime.Pin alone = TorchRuntime.allCoresFor(Architecture.parse("cnn:1x28x28:c4k5p2-m2-c8k5-m2-f64-f10"))) {
      assertThat(TorchRuntime.threads()).isEqualTo(1);
    }
  }

  /**
   * Evaluations run beside other tasks, and the last ones alone: each takes its share of the cores
   * ({@link TorchRuntime#coresShareFor}), follows tasks that end between its batches, and still
   * gives the bits one thread gives, leaves evaluated together ({@link VariantBatch}) included; a
   * convolutional model keeps the configured count.
   */
  @Test
  void anEvaluationTakesItsShareOfTheCoresAsTasksEndWithTheOneThreadBits() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    TorchRuntime.useFreeCores(() -> cores);
    ImageDataset validation = ParquetImageDatasets.read(TestData.mini().validation());
    Architecture dense = Architecture.parse("mlp:784-300-100-10");
    List<ModelArtifact> leaves = List.of(UntrainedModels.of(dense, 7, validation), UntrainedModels.of(dense, 8, validation));
    List<Predictions> oneThread;
    try (VariantBatch batch = VariantBatch.open(leaves)) {
      oneThread = Predictions.of(batch, new InMemoryBatches(validation), 256);
    }
    assertThat(JniUtils.getNumThreads()).isEqualTo(1);
    List<Predictions> shared;
    TorchRuntime.taskStarted(); // this evaluation
    TorchRuntime.taskStarted(); // another task beside it
    List<Integer> countByBatch = new ArrayList<>();
    try (VariantBatch batch = VariantBatch.open(leaves); TorchRuntime.Pin share = TorchRuntime.coresShareFor(dense)) {
      BatchSource endsTheOtherTaskAfterOneBatch = new BatchSource() {
        private final InMemoryBatches batches = new InMemoryBatches(validation);

        @Override
        public ImageShape shape() {
          return batches.shape();
        }

        @Override
        public int classCount() {
          return batches.classCount();
        }

        @Override
        public int size() {
          return batches.size();
        }

        @Override
        public void forEachBatch(ai.djl.ndarray.NDManager manager, int batchSize, Long order, BatchVisitor visitor) {
          batches.forEachBatch(manager, batchSize, order, b -> {
            visitor.visit(b);
            countByBatch.add(JniUtils.getNumThreads());
            if (countByBatch.size() == 1) {
              TorchRuntime.taskEnded(); // the other task ends: the next batch takes every core
            }
          });
        }
      };
      shared = Predictions.of(batch, endsTheOtherTaskAfterOneBatch, 256);
    } finally {
      TorchRuntime.taskEnded();
    }
    assertThat(countByBatch.get(0)).as("half the cores while another task runs").isEqualTo(Math.max(1, cores / 2));
    assertThat(countByBatch.subList(1, countByBatch.size())).as("every core once alone").containsOnly(cores);
    assertThat(JniUtils.getNumThreads()).as("the configured count again").isEqualTo(1);
    assertThat(oneThread.get(0).logits()).isNotEqualTo(oneThread.get(1).logits());
    for (int v = 0; v < leaves.size(); v++) {
      assertThat(shared.get(v).logits()).as("leaf %d", v).isEqualTo(oneThread.get(v).logits());
    }
    try (TorchRuntime.Pin share = TorchRuntime.coresShareFor(Architecture.parse("cnn:1x28x28:c4k5p2-m2-c8k5-m2-f64-f10"))) {
      assertThat(TorchRuntime.threads()).isEqualTo(1);
    }
  }

  /** One epoch on this thread with its current thread count; SHA-256 of the weights. */
  private static String train(String spec, ImageDataset train) throws Exception {
    Architecture arch = Architecture.parse(spec);
    try (Classifier classifier = Classifier.open(arch, Initialization.pytorchDefault(arch, 7), null, null)) {
      TrainingLoop.train(classifier, new InMemoryBatches(train), new TrainingSettings(1, 128, 1e-3, true, 7),
          TrainingLoop.CROSS_ENTROPY, TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, Tensor> e : classifier.parameters().asMap().entrySet()) {
        for (float v : e.getValue().values()) {
          int bits = Float.floatToRawIntBits(v);
          sha.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  /** Trains one epoch on its own thread with {@code threads} intra-op threads; SHA-256 of the weights. */
  private static String trainedHash(String spec, ImageDataset train, int threads) throws Exception {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        TorchRuntime.setThreads(threads);
        assertThat(JniUtils.getNumThreads()).isEqualTo(threads);
        result.set(train(spec, train));
      } catch (Throwable t) {
        result.set(t);
      }
    });
    thread.start();
    thread.join();
    if (result.get() instanceof Throwable t) {
      throw new AssertionError(t);
    }
    return (String) result.get();
  }
}
