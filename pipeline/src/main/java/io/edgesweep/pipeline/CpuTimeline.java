package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.transforms.RunningStages;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How busy this machine's cores were during each stage of a job that runs in this process
 * (flink-local, direct, the plain loop): the process's CPU time, sampled a few times a second
 * beside the stages running at that moment.
 *
 * <p>Each interval between two samples is shared among the stages running in it, in proportion to
 * their running tasks (the mean of both ends); an interval with no stage task running is the
 * runner's own time ({@link #OUTSIDE}: start-up, scheduling, exchanges, shutdown). A stage's CPU
 * use is its CPU seconds over its wall seconds times the cores: 1.0 means every core was busy for
 * the whole time the stage ran. The process's CPU time includes PyTorch's worker threads, which
 * the task threads' own CPU times ({@link StageTimes}) leave out.
 */
public final class CpuTimeline implements AutoCloseable {
  /** The name of the time no stage task was running. */
  public static final String OUTSIDE = "(no stage task)";

  /** One stage's share of the job: wall seconds and process CPU seconds. */
  public record Share(double wallSeconds, double cpuSeconds) {
    /** CPU seconds over wall seconds times {@code cores}. */
    public double cpuUse(int cores) {
      return wallSeconds > 0 ? cpuSeconds / (wallSeconds * cores) : 0;
    }
  }

  private final Map<String, double[]> shares = new LinkedHashMap<>();
  private final int cores;
  private final Thread sampler;
  private volatile boolean stopped;

  /** Accumulates intervals given by hand (tests) or by {@link #start}. */
  CpuTimeline(int cores) {
    this.cores = cores;
    this.sampler = null;
  }

  private CpuTimeline(int cores, long everyMillis, Supplier<Map<String, Integer>> running) {
    this.cores = cores;
    this.sampler = new Thread(() -> sample(everyMillis, running), "edgesweep-cpu-timeline");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Samples this process's CPU time and {@link RunningStages} every {@code everyMillis} ms until closed. */
  public static CpuTimeline start(long everyMillis) {
    return new CpuTimeline(Runtime.getRuntime().availableProcessors(), everyMillis, RunningStages::snapshot);
  }

  private void sample(long everyMillis, Supplier<Map<String, Integer>> running) {
    long wall = System.nanoTime();
    long cpu = processCpuNanos();
    Map<String, Integer> before = running.get();
    while (!stopped) {
      try {
        Thread.sleep(everyMillis);
      } catch (InterruptedException e) {
        // closed: record the last interval
      }
      long nowWall = System.nanoTime();
      long nowCpu = processCpuNanos();
      Map<String, Integer> after = running.get();
      add((nowWall - wall) / 1e9, (nowCpu - cpu) / 1e9, before, after);
      wall = nowWall;
      cpu = nowCpu;
      before = after;
    }
  }

  /**
   * Adds one interval: {@code wallSeconds} and {@code cpuSeconds} shared among the stages by their
   * mean running tasks at its two ends.
   */
  synchronized void add(double wallSeconds, double cpuSeconds, Map<String, Integer> atStart, Map<String, Integer> atEnd) {
    Map<String, Double> weights = new TreeMap<>();
    Set<String> stages = new HashSet<>(atStart.keySet());
    stages.addAll(atEnd.keySet());
    double total = 0;
    for (String stage : stages) {
      double w = (atStart.getOrDefault(stage, 0) + atEnd.getOrDefault(stage, 0)) / 2.0;
      if (w > 0) {
        weights.put(stage, w);
        total += w;
      }
    }
    if (total == 0) {
      weights.put(OUTSIDE, 1.0);
      total = 1;
    }
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double[] s = shares.computeIfAbsent(e.getKey(), k -> new double[2]);
      s[0] += wallSeconds * e.getValue() / total;
      s[1] += cpuSeconds * e.getValue() / total;
    }
  }

  /** Each stage's share so far, in the order the stages were first seen. */
  public synchronized Map<String, Share> shares() {
    Map<String, Share> out = new LinkedHashMap<>();
    shares.forEach((stage, s) -> out.put(stage, new Share(s[0], s[1])));
    return out;
  }

  public int cores() {
    return cores;
  }

  /** The run.json field: per stage wall_seconds, cpu_seconds and cpu_use. */
  public void writeTo(ObjectNode node) {
    node.put("cores", cores);
    ObjectNode stages = node.putObject("stages");
    shares().forEach((stage, s) -> stages.putObject(stage).put("wall_seconds", s.wallSeconds()).put("cpu_seconds", s.cpuSeconds())
        .put("cpu_use", s.cpuUse(cores)));
  }

  /** One line for the console: each stage's CPU use and wall seconds. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    shares().forEach((stage, s) -> parts.add(String.format(Locale.ROOT, "%s %.0f%% of %.1f s", stage, 100 * s.cpuUse(cores), s.wallSeconds())));
    return "CPU use per stage (" + cores + " cores): " + String.join(", ", parts);
  }

  @Override
  public void close() {
    stopped = true;
    if (sampler != null) {
      sampler.interrupt();
      try {
        sampler.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
