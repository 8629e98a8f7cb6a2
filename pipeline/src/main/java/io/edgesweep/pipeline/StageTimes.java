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
  /** One stage's totals over its tasks. */
  public record Time(double wallSeconds, double cpuSeconds, long tasks) {}

  private static final List<String> ORDER = List.of("teacher", "teacher-logits", "distill", "prune", "quantize");
  private static final List<String> AFTER = List.of("evaluate", StageClock.SELECT, StageClock.TEST, StageClock.WRITE);

  public static StageTimes of(PipelineResult result) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    Iterable<MetricResult<Long>> counters = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(StageClock.NAMESPACE)).build()).getCounters();
    for (MetricResult<Long> counter : counters) {
      String name = counter.getName().getName();
      int field = name.endsWith(StageClock.WALL) ? 0 : name.endsWith(StageClock.CPU) ? 1 : name.endsWith(StageClock.TASKS) ? 2 : -1;
      if (field < 0) {
        continue;
      }
      String suffix = field == 0 ? StageClock.WALL : field == 1 ? StageClock.CPU : StageClock.TASKS;
      sums.computeIfAbsent(name.substring(0, name.length() - suffix.length()), k -> new long[3])[field] += counter.getAttempted();
    }
    List<String> names = new ArrayList<>(sums.keySet());
    names.sort((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
    Map<String, Time> stages = new LinkedHashMap<>();
    for (String name : names) {
      long[] s = sums.get(name);
      stages.put(name, new Time(s[0] / 1e9, s[1] / 1e9, s[2]));
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

  /** The run.json field: per stage wall_seconds, cpu_seconds and tasks. */
  public void writeTo(ObjectNode node) {
    stages.forEach((stage, t) -> node.putObject(stage).put("wall_seconds", t.wallSeconds()).put("cpu_seconds", t.cpuSeconds())
        .put("tasks", t.tasks()));
  }

  /** One line for the console: each stage's wall and CPU seconds. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    stages.forEach((stage, t) -> parts.add(String.format(Locale.ROOT, "%s %.1f/%.1f", stage, t.wallSeconds(), t.cpuSeconds())));
    return "stage time (wall/CPU seconds summed over tasks): " + String.join(", ", parts);
  }
}
