package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.transforms.RunningStages.Transition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wall time split among stages at the exact instants their tasks start and end; hand-computed, in milliseconds as nanoseconds ×1e6. */
class StageIntervalsTest {
  private static final long MS = 1_000_000L;

  private static Transition at(long ms, String stage, int delta) {
    return new Transition(ms * MS, stage, delta);
  }

  @Test
  void eachInstantIsSharedAmongTheTasksRunningThen() {
    StageIntervals intervals = new StageIntervals();
    // Arrival order is not time order: the splitter sorts.
    Map<String, Long> first = intervals.split(0, 1000 * MS, List.of(
        at(300, "prune", 1), at(100, "distill", 1), at(400, "prune", 1), at(600, "distill", -1), at(800, "prune", -1),
        at(1200, "prune", -1)));
    // 0-100 nothing; 100-300 distill alone; 300-400 one each; 400-600 distill 1 of 3, prune 2 of 3;
    // 600-800 prune (2 tasks); 800-1000 prune (1 task). The end at 1200 belongs to the next interval.
    assertThat(first).containsOnlyKeys(CpuTimeline.OUTSIDE, "distill", "prune");
    assertThat(first.get(CpuTimeline.OUTSIDE)).isEqualTo(100 * MS);
    assertThat(first.get("distill")).isEqualTo(200 * MS + 50 * MS + 200 * MS / 3);
    assertThat(first.get("prune")).isEqualTo(50 * MS + (200 * MS - 200 * MS / 3) + 200 * MS + 200 * MS);
    assertThat(first.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000 * MS);
    assertThat(first.keySet()).as("stages in the order they first ran in the interval").containsExactly(CpuTimeline.OUTSIDE, "distill",
        "prune");

    // The pending end at 1200, and a start stamped at 900 that arrives late: counted from 1000.
    Map<String, Long> second = intervals.split(1000 * MS, 1500 * MS, List.of(at(900, "select", 1), at(1400, "select", -1)));
    // 1000-1200 prune 1 and select 1; 1200-1400 select; 1400-1500 nothing.
    assertThat(second.get("prune")).isEqualTo(100 * MS);
    assertThat(second.get("select")).isEqualTo(100 * MS + 200 * MS);
    assertThat(second.get(CpuTimeline.OUTSIDE)).isEqualTo(100 * MS);
  }

  @Test
  void aStageShorterThanTheIntervalGetsItsOwnTimeOnly() {
    StageIntervals intervals = new StageIntervals();
    Map<String, Long> wall = intervals.split(0, 250 * MS, List.of(at(110, "test", 1), at(140, "test", -1)));
    assertThat(wall).containsOnlyKeys(CpuTimeline.OUTSIDE, "test");
    assertThat(wall.get("test")).isEqualTo(30 * MS);
    assertThat(wall.get(CpuTimeline.OUTSIDE)).isEqualTo(220 * MS);
  }

  @Test
  void aNestedStageTakesTheOuterOnesTaskWhileItRuns() {
    // RunningStages reports the test split inside selection as select -1, test +1 at the same instant, and back.
    StageIntervals intervals = new StageIntervals();
    Map<String, Long> wall = intervals.split(0, 100 * MS, List.of(at(10, "select", 1), at(20, "select", -1), at(20, "test", 1),
        at(70, "test", -1), at(70, "select", 1), at(80, "select", -1)));
    assertThat(wall.get("select")).isEqualTo(20 * MS);
    assertThat(wall.get("test")).isEqualTo(50 * MS);
    assertThat(wall.get(CpuTimeline.OUTSIDE)).isEqualTo(30 * MS);
  }
}
