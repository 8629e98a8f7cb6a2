import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.VariantBatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluation throughput of the quantized leaves of one parent: one at a time (what a sweep did
 * before variant batching) and together ({@link VariantBatch}), beside the machine's matrix
 * product rate measured in the same run (issue 15, item 4: together >= 40% of it).
 *
 * <p>Run by bench/run-benchmarks.sh as a single-file program on the project's class path, never
 * as a test. The parent is LeNet-300-100 (mlp:784-300-100-10) with PyTorch's default
 * initialization (another MLP may be named); its leaves are real quantizations of it (32-bit, then 8, 6, 4, 3, 2 bits per
 * channel, 8 and 4 per tensor, as many as asked); the images are a split's (by default the full
 * Fashion-MNIST validation split, 5,000 images), in batches of 500 (a sweep's default evaluation
 * batch). Figures are CPU seconds of the calling thread, best of five interleaved
 * rounds, with one intra-op thread: per-core rates, which a shared machine's load inflates less
 * than wall time. FLOP = 2 × multiply-adds of the forward pass × images × leaves. The GEMM rates
 * are DJL's own {@code matMul}, on the first layer's product (500×784 by 784×300) and on a
 * 1024×1024×1024 product (the machine's rate, the ratio's denominator).
 *
 * <p>Usage: {@code java -cp CP bench/EvaluationBenchmark.java [SPLIT.parquet] [mlp:SPEC...]
 * [leaves...]}, default datasets/fashion-mnist/validation.parquet, mlp:784-300-100-10, 4 and 8
 * leaves (a grid's 32, 8, 6, 4 bits, and twice that).
 */
public final class EvaluationBenchmark {
  private static final int BATCH = 500;
  private static final List<String> BITS = List.of("32", "8", "6", "4", "3", "2", "8t", "4t", "5", "7", "12", "16");

  public static void main(String[] args) {
    List<String> specs = List.of(args).stream().filter(a -> a.startsWith("mlp:")).toList();
    Path split = List.of(args).stream().filter(a -> a.endsWith(".parquet")).map(Path::of).findFirst()
        .orElse(Path.of("datasets/fashion-mnist/validation.parquet"));
    List<Integer> counts = List.of(args).stream().filter(a -> a.matches("[0-9]+")).map(Integer::parseInt).toList();
    TorchRuntime.ensureConfigured();
    ImageDataset images = ParquetImageDatasets.read(split);
    double[] rates = new double[2];
    for (String spec : specs.isEmpty() ? List.of("mlp:784-300-100-10") : specs) {
      run(Architecture.parse(spec), images, counts.isEmpty() ? List.of(4, 8) : counts, rates);
    }
    System.out.printf("GEMM rates (DJL matMul, best of all rounds): 1024x1024x1024 %.1f GFLOP/s (the ratio's denominator); "
        + "the first layer's 500x784x300 %.1f GFLOP/s%n", rates[0], rates[1]);
    System.out.println("wide first-layer products (rows, inputs, outputs, leaves, threads -> bit-identical, so used): "
        + VariantBatch.shapeVerdicts());
    System.out.println("target: batched >= 0.40 of the GEMM rate for mlp:784-300-100-10 (issue 15, item 4); "
        + "logits checked bit for bit against one-at-a-time");
  }

  private static void run(Architecture arch, ImageDataset images, List<Integer> counts, double[] rates) {
    ModelArtifact parent = ModelArtifact.create(arch, Initialization.pytorchDefault(arch, 7), null, null, images.shape(),
        images.classNames(), List.of(new LineageEntry.Other(Map.of("stage", "init"))), "EvaluationBenchmark", Map.of(), Map.of());
    double perImage = arch.weightLayers().stream().mapToDouble(l -> 2.0 * l.fanIn() * l.outputs()).sum();
    System.out.printf("evaluation of the leaves of one parent, %s on %,d images, batch %d, %d intra-op thread(s), CPU time, best of 5%n",
        arch.spec(), images.size(), BATCH, TorchRuntime.threads());
    System.out.printf("%-7s %16s %16s %16s %14s %14s %12s %12s%n", "leaves", "one-at-a-time s", "one-at-a-time GF/s",
        "batched s", "batched GF/s", "speed-up", "GEMM GF/s", "batched/GEMM");
    double machineRate = rates[0];
    double shapeRate = rates[1];
    for (int count : counts) {
      List<ModelArtifact> leaves = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        leaves.add(leaf(parent, BITS.get(i % BITS.size())));
      }
      double flop = perImage * images.size() * count;
      float[] check = alone(leaves, images); // warm-up, and the logits the batched pass must reproduce
      if (!java.util.Arrays.equals(check, together(leaves, images))) {
        throw new IllegalStateException("batched logits differ from one-at-a-time ones");
      }
      double aloneSeconds = Double.MAX_VALUE;
      double togetherSeconds = Double.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long start = cpuNanos();
        alone(leaves, images);
        aloneSeconds = Math.min(aloneSeconds, (cpuNanos() - start) / 1e9);
        start = cpuNanos();
        together(leaves, images);
        togetherSeconds = Math.min(togetherSeconds, (cpuNanos() - start) / 1e9);
        shapeRate = Math.max(shapeRate, gemmRate(BATCH, 784, 300, 40));
        machineRate = Math.max(machineRate, gemmRate(1024, 1024, 1024, 4));
      }
      double togetherRate = flop / togetherSeconds / 1e9;
      System.out.printf("%-7d %16.3f %16.1f %16.3f %14.1f %14.2f %12.1f %12.2f%n", count, aloneSeconds, flop / aloneSeconds / 1e9,
          togetherSeconds, togetherRate, aloneSeconds / togetherSeconds, machineRate, togetherRate / machineRate);
    }
    rates[0] = machineRate;
    rates[1] = shapeRate;
  }

  private static ModelArtifact leaf(ModelArtifact parent, String bits) {
    if (bits.equals("32")) {
      return parent;
    }
    Granularity granularity = bits.endsWith("t") ? Granularity.PER_TENSOR : Granularity.PER_CHANNEL;
    return Quantization.apply(parent, new QuantizationSettings(WeightPrecision.parse(bits.replace("t", ""), "bench"), granularity,
        QuantizationScheme.SYMMETRIC, ActivationSettings.off()), null, "bench");
  }

  /** What a sweep did per leaf: open it, run the split, close it. Returns all logits end to end. */
  private static float[] alone(List<ModelArtifact> leaves, ImageDataset images) {
    List<float[]> all = new ArrayList<>();
    for (ModelArtifact leaf : leaves) {
      try (Classifier classifier = leaf.open()) {
        all.add(Predictions.of(classifier, new InMemoryBatches(images), BATCH).logits());
      }
    }
    return concat(all);
  }

  private static float[] together(List<ModelArtifact> leaves, ImageDataset images) {
    try (VariantBatch batch = VariantBatch.open(leaves)) {
      return concat(Predictions.of(batch, new InMemoryBatches(images), BATCH).stream().map(Predictions::logits).toList());
    }
  }

  private static float[] concat(List<float[]> parts) {
    float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** GFLOP/s of {@code repeats} products [m, k] × [k, n], CPU time. */
  private static double gemmRate(int m, int k, int n, int repeats) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(m, k));
      NDArray b = manager.randomUniform(-1, 1, new Shape(k, n));
      a.matMul(b).close();
      long start = cpuNanos();
      for (int r = 0; r < repeats; r++) {
        a.matMul(b).close();
      }
      return 2.0 * m * k * n * repeats / ((cpuNanos() - start) / 1e9) / 1e9;
    }
  }

  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }
}
