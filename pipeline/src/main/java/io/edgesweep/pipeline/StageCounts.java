package io.edgesweep.pipeline;

import io.edgesweep.compress.StageKind;
import io.edgesweep.transforms.StageCounters;
import io.edgesweep.transforms.StageRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The stage counters a finished job reported, set beside the counts a per-variant pipeline would
 * have run.
 *
 * <p>Read from the job's Beam metrics (attempted values: Flink reports no committed ones), so
 * they count what the workers actually did, including work redone after a failure.
 */
public record StageCounts(Map<String, Long> counters) {

  public static StageCounts of(PipelineResult result) {
    Map<String, Long> counters = new LinkedHashMap<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(StageCounters.NAMESPACE)).build());
    for (MetricResult<Long> counter : metrics.getCounters()) {
      counters.merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
    }
    return new StageCounts(counters);
  }

  public long get(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** One line: what ran, what was reused, against the naive per-variant counts. */
  public String describe(SweepGrid grid) {
    int variants = grid.variants().size();
    List<String> stages = new ArrayList<>(grid.kinds().stream().map(StageKind::name).toList());
    stages.add(StageCounters.EVALUATE);
    List<String> runs = new ArrayList<>();
    List<String> reused = new ArrayList<>();
    for (String stage : stages) {
      runs.add(stage + " " + get(StageCounters.name(stage, StageRunner.Outcome.COMPUTED)) + " (naive " + variants + ")");
      reused.add(stage + " " + get(StageCounters.name(stage, StageRunner.Outcome.REUSED)));
    }
    return "stage runs: " + String.join(", ", runs) + "; reused from the store: " + String.join(", ", reused);
  }
}
