import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.compress.DistillationLoss;
import io.edgesweep.compress.TeacherLogits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.model.WeightLayer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Per-core efficiency of edgesweep's training loop, beside DJL's own matmul on the same shapes.
 *
 * <p>Run by bench/run-benchmarks.sh as a single-file program on the project's class path (see
 * there), never as a test: the figures depend on the machine and its load. For each MLP it trains
 * on synthetic 28×28 images (the values do not change the cost of dense products), with the
 * label loss and with the KD loss the sweep's distillation uses, and divides floating-point
 * operations by the CPU time of the whole step on the training thread (with one intra-op thread
 * PyTorch computes on the calling thread, so this is per-core efficiency, and a shared machine's
 * load inflates it less than wall time). Two counts of operations are printed: "3×fwd", three
 * times the forward pass's multiply-adds ×2, the usual rule of thumb and the count issue 15's
 * figures (17 GFLOP/s today, 50 the target, 68 for PyTorch) use; and "exact", the products a step
 * really computes (forward and weight gradient of every layer, input gradient of all but the
 * first, which needs none). The same exact products run as bare {@code NDArray.matMul} calls give
 * the rate the loop could reach if it cost nothing around them; exact loop rate over matmul rate is
 * the loop's efficiency.
 *
 * <p>Usage: {@code java -cp CP bench/TrainingLoopBenchmark.java [steps] [arch...]}; one intra-op
 * thread unless {@code -Dedgesweep.threads=N}.
 */
public final class TrainingLoopBenchmark {
  private static final int BATCH = 128;

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    List<String> specs = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("mlp:784-300-100-10", "mlp:784-100-10");
    TorchRuntime.ensureConfigured();
    System.out.printf("training loop vs DJL matmul, batch %d, %d intra-op thread(s), %d steps per figure%n",
        BATCH, TorchRuntime.threads(), steps);
    System.out.printf("%-22s %-5s %12s %14s %14s %12s %7s%n",
        "architecture", "loss", "CPU ms/step", "loop GF/s 3×fwd", "loop GF/s exact", "matmul GF/s", "ratio");
    for (String spec : specs) {
      Architecture architecture = Architecture.parse(spec);
      ImageDataset data = syntheticImages(steps * BATCH, 784, 10, 1);
      TeacherLogits logits = syntheticLogits(data, 10, 2);
      double flops = stepFlops(architecture, BATCH);
      double rule = 3 * forwardFlops(architecture, BATCH);
      for (String loss : List.of("ce", "kd")) {
        TrainingLoop.BatchLoss batchLoss = loss.equals("ce") ? TrainingLoop.CROSS_ENTROPY : new DistillationLoss(logits, 4.0, 0.7);
        train(architecture, data, batchLoss, 1); // warm-up: JIT, allocator, engine
        // Interleaved, best of five each: on a shared machine both see the same load.
        double loopSeconds = Double.MAX_VALUE;
        double matmulSeconds = Double.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
          loopSeconds = Math.min(loopSeconds, train(architecture, data, batchLoss, 1) / steps);
          matmulSeconds = Math.min(matmulSeconds, matmuls(architecture, BATCH, steps));
        }
        double loopRate = flops / loopSeconds / 1e9;
        double matmulRate = flops / (matmulSeconds / steps) / 1e9;
        System.out.printf("%-22s %-5s %12.3f %14.1f %14.1f %12.1f %7.2f%n",
            spec, loss, loopSeconds * 1e3, rule / loopSeconds / 1e9, loopRate, matmulRate, loopRate / matmulRate);
      }
    }
  }

  /** Seconds of one epoch over {@code data} with a fresh model: what a sweep stage pays. */
  private static double train(Architecture architecture, ImageDataset data, TrainingLoop.BatchLoss loss, int epochs) {
    try (Classifier classifier = Classifier.open(architecture, Initialization.pytorchDefault(architecture, 7), null, null)) {
      long start = cpuNanos();
      TrainingLoop.train(classifier, new InMemoryBatches(data), new TrainingSettings(epochs, BATCH, 1e-3, true, 7),
          loss, TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
      return (cpuNanos() - start) / 1e9;
    }
  }

  /** Seconds for {@code steps} repetitions of the matrix products of one training step. */
  private static double matmuls(Architecture architecture, int batch, int steps) {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray[]> layers = new ArrayList<>();
      for (WeightLayer layer : architecture.weightLayers()) {
        int in = layer.fanIn();
        int out = layer.outputs();
        layers.add(new NDArray[] {
            manager.randomUniform(-1, 1, new Shape(batch, in)),
            manager.randomUniform(-1, 1, new Shape(out, in)),
            manager.randomUniform(-1, 1, new Shape(batch, out)), null, null});
        NDArray[] a = layers.get(layers.size() - 1);
        a[3] = a[1].transpose();
        a[4] = a[2].transpose();
      }
      long start = cpuNanos();
      for (int s = 0; s < steps; s++) {
        for (int i = 0; i < layers.size(); i++) {
          NDArray[] a = layers.get(i);
          a[0].matMul(a[3]).close(); // forward: x · Wᵀ
          a[4].matMul(a[0]).close(); // weight gradient: gᵀ · x
          if (i > 0) {
            a[2].matMul(a[1]).close(); // input gradient: g · W
          }
        }
      }
      return (cpuNanos() - start) / 1e9;
    }
  }

  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Multiply-adds ×2 of a forward pass. */
  static double forwardFlops(Architecture architecture, int batch) {
    return architecture.weightLayers().stream().mapToDouble(l -> 2.0 * batch * l.fanIn() * l.outputs()).sum();
  }

  /** Multiply-adds ×2 of a training step: forward, weight gradient, input gradient but the first's. */
  static double stepFlops(Architecture architecture, int batch) {
    double flops = 0;
    List<WeightLayer> layers = architecture.weightLayers();
    for (int i = 0; i < layers.size(); i++) {
      double product = 2.0 * batch * layers.get(i).fanIn() * layers.get(i).outputs();
      flops += product * (i == 0 ? 2 : 3);
    }
    return flops;
  }

  private static ImageDataset syntheticImages(int count, int pixels, int classes, long seed) {
    Random random = new Random(seed);
    byte[] bytes = new byte[count * pixels];
    random.nextBytes(bytes);
    int[] labels = random.ints(count, 0, classes).toArray();
    List<String> names = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    return new ImageDataset(new ImageShape(1, 28, 28), names, bytes, labels, Map.of("source", "synthetic benchmark data"));
  }

  private static TeacherLogits syntheticLogits(ImageDataset data, int classes, long seed) {
    Random random = new Random(seed);
    float[] values = new float[data.size() * classes];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 3);
    }
    return new TeacherLogits(values, data.size(), classes, "synthetic", TeacherLogits.datasetSha256(data));
  }
}
