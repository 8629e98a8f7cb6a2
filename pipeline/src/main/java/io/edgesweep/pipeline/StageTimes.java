package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.transforms.StageClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Where a finished sweep spent its time: wall and CPU seconds and the number of tasks of each
 * stage, from the job's {@link StageClock} counters.
 *
 * <p>Stages appear in the order they first ran in the job (teacher, its logits, the grid's stage
 * kinds, evaluation, selection, the test split, writing), named as the counters name them, so a
 * stage kind added to the grid shows up without a change here. Wall seconds are summed over
 * tasks, so with several task slots a stage's wall seconds can exceed the job's.
 *
 * @param stages per stage: wall seconds, CPU seconds, tasks
 */
public record StageTimes(Map<String, Time> stages) {
  /**
   * One stage's totals over its tasks.
   *
   * @param flop the floating-point operations its tasks had libtorch compute ({@link
   *     io.edgesweep.model.ArithmeticTally}); 0 for a stage without model arithmetic
   */
  public record Time(double wallSeconds, double cpuSeconds, long tasks, long flop) {
    public double gflop() {
      return flop / 1e9;
    }

    /** GFLOP per CPU-second of the task threads; NaN without arithmetic or CPU time. */
    public double gflopPerCpuSecond() {
      return flop > 0 && cpuSeconds > 0 ? gflop() / cpuSeconds : Double.NaN;
    }
  }

  private static final List<String> ORDER = List.of("teacher", "teacher-logits", "distill", "prune", "quantize");
  private static final List<String> AFTER = List.of("evaluate", StageClock.SELECT, StageClock.TEST, StageClock.WRITE);
  /** The counters' suffixes, in the order of a stage's sums. */
  private static final List<String> FIELDS = List.of(StageClock.WALL, StageClock.CPU, StageClock.TASKS, StageClock.FLOP);

  public static StageTimes of(PipelineResult result) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    Iterable<MetricResult<Long>> counters = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(StageClock.NAMESPACE)).build()).getCounters();
    for (MetricResult<Long> counter : counters) {
      String name = counter.getName().getName();
      for (int field = 0; field < FIELDS.size(); field++) {
        String suffix = FIELDS.get(field);
        if (name.endsWith(suffix)) {
          sums.computeIfAbsent(name.substring(0, name.length() - suffix.length()), k -> new long[FIELDS.size()])[field] += counter.getAttempted();
        }
      }
    }
    List<String> names = new ArrayList<>(sums.keySet());
    names.sort((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
    Map<String, Time> stages = new LinkedHashMap<>();
    for (String name : names) {
      long[] s = sums.get(name);
      stages.put(name, new Time(s[0] / 1e9, s[1] / 1e9, s[2], s[3]));
    }
    return new StageTimes(stages);
  }

  /** Teacher stages first, the grid's kinds (unknown ones by name) next, then the job's last steps. */
  private static int rank(String stage) {
    if (ORDER.contains(stage)) {
      return ORDER.indexOf(stage);
    }
    return AFTER.contains(stage) ? 100 + AFTER.indexOf(stage) : 50;
  }

  public double cpuSeconds() {
    return stages.values().stream().mapToDouble(Time::cpuSeconds).sum();
  }

  /**
   * The run.json field: per stage wall_seconds, cpu_seconds and tasks, and for stages with model
   * arithmetic gflop and gflop_per_cpu_second (per CPU-second of the task threads).
   */
  public void writeTo(ObjectNode node) {
    stages.forEach((stage, t) -> {
      ObjectNode s = node.putObject(stage).put("wall_seconds", t.wallSeconds()).put("cpu_seconds", t.cpuSeconds()).put("tasks", t.tasks());
      if (t.flop() > 0) {
        s.put("gflop", t.gflop());
        if (t.cpuSeconds() > 0) {
          s.put("gflop_per_cpu_second", t.gflopPerCpuSecond());
        }
      }
    });
  }

  /** One line for the console: each stage's wall and CPU seconds. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    stages.forEach((stage, t) -> parts.add(String.format(Locale.ROOT, "%s %.1f/%.1f", stage, t.wallSeconds(), t.cpuSeconds())));
    return "stage time (wall/CPU seconds summed over tasks): " + String.join(", ", parts);
  }
}
