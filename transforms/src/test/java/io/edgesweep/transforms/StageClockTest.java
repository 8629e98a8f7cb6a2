package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.ArithmeticTally;
import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.core.metrics.MetricUpdates;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.junit.jupiter.api.Test;

/** A stage's counters: its own operations, those of a stage nested in it taken out, none where it did no arithmetic. */
class StageClockTest {
  @Test
  void eachStageCountsTheOperationsOfItsOwnWork() throws Exception {
    MetricsContainerImpl container = new MetricsContainerImpl("step");
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(container)) {
      StageClock.time("outer", () -> {
        ArithmeticTally.add(100);
        StageClock.time("inner", () -> {
          ArithmeticTally.add(30);
          return null;
        });
        ArithmeticTally.add(5);
        return null;
      });
      StageClock.time("outer", () -> {
        ArithmeticTally.add(7);
        return null;
      });
      StageClock.time("plain", () -> null);
    }
    Map<String, Long> counters = new HashMap<>();
    for (MetricUpdates.MetricUpdate<Long> update : container.getCumulative().counterUpdates()) {
      assertThat(update.getKey().metricName().getNamespace()).isEqualTo(StageClock.NAMESPACE);
      counters.put(update.getKey().metricName().getName(), update.getUpdate());
    }
    assertThat(counters).containsEntry("outer" + StageClock.FLOP, 112L).containsEntry("inner" + StageClock.FLOP, 30L)
        .containsEntry("outer" + StageClock.TASKS, 2L).containsEntry("plain" + StageClock.TASKS, 1L)
        .doesNotContainKey("plain" + StageClock.FLOP);
  }
}
