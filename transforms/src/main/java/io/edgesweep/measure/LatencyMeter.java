package io.edgesweep.measure;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageShape;
import io.edgesweep.evaluate.LatencySamples;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TorchRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the forward pass of models in DJL's PyTorch engine, the way edgesweep runs them.
 *
 * <p>Built for a shared, noisy machine. Every model is open at once and the timed calls are
 * interleaved: each round visits every (model, batch) pair once, in an order shuffled per round,
 * so that a slow spell (a neighbour's build, a frequency change) lands on all models alike
 * instead of on whichever model happened to be timing then. A visit makes one untimed call, which
 * brings that model's weights back into the caches the previous visit used for another model, then
 * one timed call: what is measured is the steady-state latency of back-to-back inference, as in an
 * evaluation loop or a server, not a cold start. Rounds before the timed ones warm up the JIT,
 * PyTorch's allocator and the caches.
 *
 * <p>A visit also reads the timing thread's CPU time around the timed call. With one intra-op
 * thread PyTorch runs every operator on the calling thread, so a call during which the thread kept
 * its core has CPU time ≈ wall time; a call during which the scheduler gave the core to someone
 * else has less. Calls whose CPU time is under {@link #UNDISTURBED} of their wall time are reported
 * apart ({@link Timing#undisturbed()}): on a busy machine they measure the neighbours, not the model.
 *
 * <p>The timed call is {@link Classifier#logits} on an input tensor created beforehand (values
 * uniform in [0, 1), like scaled pixels; dense float kernels do not depend on the values); it
 * includes DJL's Java-side dispatch of every operator, which is part of what a user of the
 * engine pays. PyTorch's intra-op thread count is set for the whole JVM before timing ({@link
 * TorchRuntime#setThreads}).
 */
public final class LatencyMeter {
  /** A call is undisturbed when the thread was on its core for at least this share of its wall time. */
  public static final double UNDISTURBED = 0.9;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LatencyMeter() {}

  /** One model to time, under the label a table shows for it. */
  public record Subject(String label, ModelArtifact model) {}

  /**
   * How to time.
   *
   * @param batches the batch sizes to time every model at
   * @param warmUpRounds untimed rounds first
   * @param rounds timed rounds: the number of timings per (model, batch)
   * @param threads PyTorch intra-op threads
   * @param seed seeds the inputs and the visiting order of every round
   */
  public record Settings(List<Integer> batches, int warmUpRounds, int rounds, int threads, long seed) {
    public Settings {
      batches = List.copyOf(batches);
      if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
        throw new InvalidInputException("--batches", null, "must be one or more positive batch sizes, got " + batches);
      }
      if (warmUpRounds < 0) {
        throw new InvalidInputException("--warm-up", null, "must be zero or more rounds, got " + warmUpRounds);
      }
      if (rounds < 1) {
        throw new InvalidInputException("--repeats", null, "must be at least 1, got " + rounds);
      }
      if (threads < 1) {
        throw new InvalidInputException("--threads", null, "must be at least 1, got " + threads);
      }
    }
  }

  /**
   * The timings of one model at one batch size.
   *
   * @param samples every timed call
   * @param undisturbed the calls during which the timing thread kept its core, or null where the
   *     JVM cannot read thread CPU time (or no call was undisturbed)
   */
  public record Timing(String label, int batch, LatencySamples samples, LatencySamples undisturbed) {}

  /**
   * Everything one measurement produced.
   *
   * @param timings per subject and batch, in the order given
   * @param loadAverages the machine's 1-minute load average sampled after every timed round
   *     (this process's own timing thread adds about 1 to it); empty when the OS does not report one
   * @param threads PyTorch intra-op threads used
   * @param seconds wall time of warm-up and timing
   */
  public record Run(List<Timing> timings, List<Double> loadAverages, int threads, double seconds) {
    public Run {
      timings = List.copyOf(timings);
      loadAverages = List.copyOf(loadAverages);
    }

    public double minLoad() {
      return loadAverages.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double maxLoad() {
      return loadAverages.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public double meanLoad() {
      return loadAverages.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
  }

  /** Told after every round, warm-up included, so that a command can show progress. */
  @FunctionalInterface
  public interface Progress {
    Progress SILENT = (round, rounds, warmUp, load) -> {};

    void roundDone(int round, int rounds, boolean warmUp, double loadAverage);
  }

  /** The 1-minute load average as the OS reports it, or NaN where it does not. */
  public static double loadAverage() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return load < 0 ? Double.NaN : load;
  }

  public static Run measure(List<Subject> subjects, Settings settings, Progress progress) {
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("nothing to time");
    }
    TorchRuntime.setThreads(settings.threads());
    TorchRuntime.ensureConfigured();
    long start = System.nanoTime();
    List<Classifier> open = new ArrayList<>();
    try (NDManager base = NDManager.newBaseManager()) {
      List<Slot> slots = new ArrayList<>();
      SplittableRandom inputs = new SplittableRandom(settings.seed());
      for (Subject subject : subjects) {
        Classifier classifier = subject.model().open();
        open.add(classifier);
        for (int batch : settings.batches()) {
          Shape shape = inputShape(subject.model(), batch);
          slots.add(new Slot(subject.label(), batch, classifier, shape, uniform(inputs, shape.size()), new long[settings.rounds()],
              new long[settings.rounds()]));
        }
      }
      List<Double> loads = new ArrayList<>();
      int total = settings.warmUpRounds() + settings.rounds();
      for (int round = 0; round < total; round++) {
        boolean warmUp = round < settings.warmUpRounds();
        List<Slot> order = new ArrayList<>(slots);
        Collections.shuffle(order, new java.util.Random(settings.seed() * 1_000_003L + round));
        for (Slot slot : order) {
          slot.call(base, null); // brings this model back into the caches
          long[] cpu = new long[1];
          long nanos = slot.call(base, cpu);
          if (!warmUp) {
            slot.nanos()[round - settings.warmUpRounds()] = nanos;
            slot.cpuNanos()[round - settings.warmUpRounds()] = cpu[0];
          }
        }
        double load = loadAverage();
        if (!warmUp && !Double.isNaN(load)) {
          loads.add(load);
        }
        progress.roundDone(round + 1, total, warmUp, load);
      }
      List<Timing> timings = new ArrayList<>();
      for (Slot slot : slots) {
        timings.add(new Timing(slot.label(), slot.batch(), LatencySamples.ofNanos(slot.nanos()), undisturbed(slot.nanos(), slot.cpuNanos())));
      }
      return new Run(timings, loads, settings.threads(), (System.nanoTime() - start) / 1e9);
    } finally {
      for (Classifier c : open) {
        c.close();
      }
    }
  }

  /** The calls whose CPU time was at least {@link #UNDISTURBED} of their wall time; null when unknown or none. */
  static LatencySamples undisturbed(long[] wallNanos, long[] cpuNanos) {
    if (cpuNanos == null || Arrays.stream(cpuNanos).allMatch(c -> c < 0)) {
      return null;
    }
    long[] kept = new long[wallNanos.length];
    int n = 0;
    for (int i = 0; i < wallNanos.length; i++) {
      if (cpuNanos[i] >= UNDISTURBED * wallNanos[i]) {
        kept[n++] = wallNanos[i];
      }
    }
    return n == 0 ? null : LatencySamples.ofNanos(Arrays.copyOf(kept, n));
  }

  /** The current thread's CPU time in ns, or -1 where the JVM cannot tell. */
  private static long threadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** One (model, batch) pair with its fixed input and the timings gathered so far. */
  private record Slot(String label, int batch, Classifier classifier, Shape shape, float[] input, long[] nanos, long[] cpuNanos) {
    /**
     * One forward pass; returns its duration, input creation and freeing excluded, and puts the
     * thread's CPU time over the same call into {@code cpu[0]} when {@code cpu} is given.
     */
    long call(NDManager base, long[] cpu) {
      try (NDManager scope = base.newSubManager()) {
        NDArray x = scope.create(input, shape);
        long c0 = cpu == null ? 0 : threadCpuNanos();
        long t0 = System.nanoTime();
        classifier.logits(scope, x);
        long wall = System.nanoTime() - t0;
        if (cpu != null) {
          long c1 = threadCpuNanos();
          cpu[0] = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
        }
        return wall;
      }
    }
  }

  /** [B, C, H, W] for image models (as the sweep feeds them), [B, features] otherwise. */
  static Shape inputShape(ModelArtifact model, int batch) {
    Architecture architecture = model.architecture();
    ImageShape image = architecture.inputShape();
    if (image == null && model.manifest().inputShape() != null) {
      image = ImageShape.parseOrNull(model.manifest().inputShape());
    }
    if (image != null && (architecture.isTorchScript() || image.pixelCount() == architecture.inputFeatures())) {
      return new Shape(batch, image.channels(), image.height(), image.width());
    }
    if (architecture.inputFeatures() > 0) {
      return new Shape(batch, architecture.inputFeatures());
    }
    throw new InvalidInputException("model " + architecture, "input_shape", "the manifest gives no input shape to time the model with");
  }

  private static float[] uniform(SplittableRandom random, long size) {
    float[] values = new float[Math.toIntExact(size)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble();
    }
    return values;
  }
}
