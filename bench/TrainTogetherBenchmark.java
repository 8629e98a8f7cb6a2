import io.edgesweep.compress.DistillationLoss;
import io.edgesweep.compress.TeacherLogits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.model.WeightLayer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Students of one architecture trained one at a time and together (issue 15, item 4), one epoch
 * each over a real split: CPU seconds and GFLOP/s.
 *
 * <p>Run by bench/run-benchmarks.sh as a single-file program on the project's class path, never
 * as a test. The K students start from the same initialization and see the same batches, as the
 * students of one distill stage do (same architecture, same seed); their losses cycle through
 * the sweep's temperatures: labels only, KD at T=2, KD at T=4 (α = 0.7) against synthetic teacher
 * logits (their values do not change the cost). One at a time = {@code TrainingLoop.train} per
 * student (what a sweep did); together = {@code TrainingLoop.trainTogether} (the first layers as
 * one wide product, model/JointTrainingStep). The first round checks every student's weights bit
 * for bit between the two. Figures are CPU seconds of the calling thread (one intra-op thread:
 * PyTorch computes on it), best of the rounds, interleaved so both see the same load. FLOP per step
 * = 2 × (forward and weight-gradient products of every layer, input gradient of all but the first).
 *
 * <p>Usage: {@code java -cp CP bench/TrainTogetherBenchmark.java [TRAIN.parquet] [mlp:SPEC...]
 * [K...]}, default datasets/fashion-mnist/train.parquet, mlp:784-100-10 and mlp:784-300-100-10, K =
 * 3 and 6 (a sweep's three students; six fine-tunes, the group a 12-fine-tune stage gives each of
 * two slots).
 */
public final class TrainTogetherBenchmark {
  private static final int BATCH = 128;
  private static final int ROUNDS = 2;
  private static final Double[] TEMPERATURES = {null, 2.0, 4.0};

  public static void main(String[] args) {
    List<String> specs = List.of(args).stream().filter(a -> a.startsWith("mlp:")).toList();
    Path split = List.of(args).stream().filter(a -> a.endsWith(".parquet")).map(Path::of).findFirst()
        .orElse(Path.of("datasets/fashion-mnist/train.parquet"));
    List<Integer> counts = List.of(args).stream().filter(a -> a.matches("[0-9]+")).map(Integer::parseInt).toList();
    TorchRuntime.ensureConfigured();
    ImageDataset data = ParquetImageDatasets.read(split);
    TeacherLogits logits = syntheticLogits(data, data.classNames().size());
    int steps = (data.size() + BATCH - 1) / BATCH;
    System.out.printf("students trained one at a time vs together, 1 epoch of %,d images (%s), batch %d, %d intra-op thread(s), "
        + "CPU s of the thread, best of %d%n", data.size(), split, BATCH, TorchRuntime.threads(), ROUNDS);
    System.out.printf("%-20s %3s %12s %12s %9s %14s %14s %10s%n",
        "architecture", "K", "alone CPU s", "together s", "speed-up", "alone GFLOP/s", "together GF/s", "same bits");
    for (String spec : specs.isEmpty() ? List.of("mlp:784-100-10", "mlp:784-300-100-10") : specs) {
      Architecture arch = Architecture.parse(spec);
      for (int k : counts.isEmpty() ? List.of(3, 6) : counts) {
        List<TrainingLoop.BatchLoss> losses = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          Double t = TEMPERATURES[i % TEMPERATURES.length];
          losses.add(new DistillationLoss(t == null ? null : logits, t, t == null ? 0 : 0.7));
        }
        together(arch, data, losses, new ArrayList<>()); // warm-up: JIT, allocator, the shape probes
        double alone = Double.MAX_VALUE;
        double together = Double.MAX_VALUE;
        boolean same = true;
        for (int round = 0; round < ROUNDS; round++) {
          List<ParameterSet> a = new ArrayList<>();
          List<ParameterSet> b = new ArrayList<>();
          alone = Math.min(alone, alone(arch, data, losses, a));
          together = Math.min(together, together(arch, data, losses, b));
          if (round == 0) {
            for (int i = 0; i < k; i++) {
              same &= a.get(i).sameBits(b.get(i));
            }
          }
        }
        double flops = stepFlops(arch, BATCH) * steps * k;
        System.out.printf("%-20s %3d %12.2f %12.2f %9.2f %14.1f %14.1f %10s%n",
            spec, k, alone, together, alone / together, flops / alone / 1e9, flops / together / 1e9, same ? "yes" : "NO");
      }
    }
    System.out.println("wide first-layer shapes (rows, inputs, outputs, models, threads -> bit-identical, so used): "
        + TrainingLoop.togetherShapeVerdicts());
  }

  private static TrainingSettings settings() {
    return new TrainingSettings(1, BATCH, 1e-3, true, 7);
  }

  private static double alone(Architecture arch, ImageDataset data, List<TrainingLoop.BatchLoss> losses, List<ParameterSet> out) {
    long start = cpuNanos();
    for (TrainingLoop.BatchLoss loss : losses) {
      try (Classifier c = Classifier.open(arch, Initialization.forTraining(arch, 7), null, null)) {
        TrainingLoop.train(c, new InMemoryBatches(data), settings(), loss, TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
        out.add(c.parameters());
      }
    }
    return (cpuNanos() - start) / 1e9;
  }

  private static double together(Architecture arch, ImageDataset data, List<TrainingLoop.BatchLoss> losses, List<ParameterSet> out) {
    List<Classifier> classifiers = new ArrayList<>();
    long start = cpuNanos();
    try {
      List<TrainingLoop.Member> members = new ArrayList<>();
      for (TrainingLoop.BatchLoss loss : losses) {
        Classifier c = Classifier.open(arch, Initialization.forTraining(arch, 7), null, null);
        classifiers.add(c);
        members.add(new TrainingLoop.Member(c, loss, TrainingLoop.AfterStep.NOTHING));
      }
      TrainingLoop.trainTogether(members, new InMemoryBatches(data), settings());
      classifiers.forEach(c -> out.add(c.parameters()));
      return (cpuNanos() - start) / 1e9;
    } finally {
      classifiers.forEach(Classifier::close);
    }
  }

  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Multiply-adds ×2 of a training step: forward, weight gradient, input gradient but the first's. */
  private static double stepFlops(Architecture architecture, int batch) {
    double flops = 0;
    List<WeightLayer> layers = architecture.weightLayers();
    for (int i = 0; i < layers.size(); i++) {
      flops += 2.0 * batch * layers.get(i).fanIn() * layers.get(i).outputs() * (i == 0 ? 2 : 3);
    }
    return flops;
  }

  private static TeacherLogits syntheticLogits(ImageDataset data, int classes) {
    Random random = new Random(2);
    float[] values = new float[data.size() * classes];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 3);
    }
    return new TeacherLogits(values, data.size(), classes, "synthetic", TeacherLogits.datasetSha256(data));
  }
}
