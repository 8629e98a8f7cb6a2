package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.transforms.RunningStages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How busy this machine's cores were during each stage of a job that runs in this process
 * (flink-local, direct, the plain loop): the process's CPU time ({@link ProcessCpuClock}) at the
 * exact instants the stage tasks started and ended ({@link RunningStages}), and every few tens of
 * milliseconds in between.
 *
 * <p>The wall time and CPU time between two such instants are shared among the stages running
 * then by their running tasks ({@link StageIntervals}). Time
 * with no stage task running is the runner's own ({@link #OUTSIDE}: start-up, scheduling,
 * exchanges, shutdown). A stage's CPU use is its CPU seconds over its wall seconds times the cores:
 * 1.0 means every core was busy for the whole time the stage ran. The process's CPU time includes
 * PyTorch's worker threads, which the task threads' own CPU times ({@link StageTimes}) leave out.
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
  private final RunningStages.Recording recording;
  private volatile boolean stopped;

  /** Accumulates intervals given by hand (tests) or by {@link #start}. */
  CpuTimeline(int cores) {
    this.cores = cores;
    this.sampler = null;
    this.recording = null;
  }

  private CpuTimeline(int cores, long everyMillis) {
    this.cores = cores;
    this.recording = RunningStages.record(ProcessCpuClock::nanos);
    long wall = System.nanoTime();
    long cpu = ProcessCpuClock.nanos();
    this.sampler = new Thread(() -> sample(everyMillis, wall, cpu), "edgesweep-cpu-timeline");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Samples this process's CPU time every {@code everyMillis} ms, and the stage tasks' starts and ends, until closed. */
  public static CpuTimeline start(long everyMillis) {
    return new CpuTimeline(Runtime.getRuntime().availableProcessors(), everyMillis);
  }

  private void sample(long everyMillis, long wall, long cpu) {
    StageIntervals intervals = new StageIntervals();
    // Closed however the loop ends: an open recording would keep queueing every task's start and end.
    try (recording) {
      boolean last = false;
      while (!last) {
        last = stopped;
        if (!last) {
          try {
            Thread.sleep(everyMillis);
          } catch (InterruptedException e) {
            // closed: record the last interval
          }
        }
        long nowWall = System.nanoTime();
        long nowCpu = ProcessCpuClock.nanos();
        add(intervals.split(wall, cpu, nowWall, nowCpu, recording.drain()));
        wall = nowWall;
        cpu = nowCpu;
        last |= stopped;
      }
    }
  }

  /** Adds one interval: its wall and CPU nanoseconds per stage. */
  synchronized void add(Map<String, StageIntervals.Part> parts) {
    for (Map.Entry<String, StageIntervals.Part> e : parts.entrySet()) {
      double[] s = shares.computeIfAbsent(e.getKey(), k -> new double[2]);
      s[0] += e.getValue().wallNanos() / 1e9;
      s[1] += Math.max(0, e.getValue().cpuNanos()) / 1e9;
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
    shares().forEach((stage, s) -> parts.add(String.format(Locale.ROOT, s.wallSeconds() < 1 ? "%s %.0f%% of %.2f s" : "%s %.0f%% of %.1f s", stage,
        100 * s.cpuUse(cores), s.wallSeconds())));
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
}
