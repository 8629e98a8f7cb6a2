package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.transforms.RunningStages.Transition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Wall and CPU time split among stages at the exact instants their tasks start and end;
 * hand-computed, in milliseconds as nanoseconds ×1e6.
 */
class StageIntervalsTest {
  private static final long MS = 1_000_000L;

  /** A transition at {@code ms} when the process had burnt as much CPU time (one core busy throughout). */
  private static Transition at(long ms, String stage, int delta) {
    return new Transition(ms * MS, ms * MS, stage, delta);
  }

  private static Transition at(long ms, long cpuMs, String stage, int delta) {
    return new Transition(ms * MS, cpuMs * MS, stage, delta);
  }

  /** The wall nanoseconds of each stage. */
  private static Map<String, Long> wall(Map<String, StageIntervals.Part> parts) {
    Map<String, Long> wall = new java.util.LinkedHashMap<>();
    parts.forEach((stage, part) -> wall.put(stage, part.wallNanos()));
    return wall;
  }

  private static Map<String, Long> cpu(Map<String, StageIntervals.Part> parts) {
    Map<String, Long> cpu = new java.util.LinkedHashMap<>();
    parts.forEach((stage, part) -> cpu.put(stage, part.cpuNanos()));
    return cpu;
  }

  @Test
  void eachInstantIsSharedAmongTheTasksRunningThen() {
    StageIntervals intervals = new StageIntervals();
    // Arrival order is not time order: the splitter sorts.
    Map<String, Long> first = wall(intervals.split(0, 0, 1000 * MS, 1000 * MS, List.of(
        at(300, "prune", 1), at(100, "distill", 1), at(400, "prune", 1), at(600, "distill", -1), at(800, "prune", -1),
        at(1200, "prune", -1))));
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
    Map<String, Long> second = wall(intervals.split(1000 * MS, 1000 * MS, 1500 * MS, 1500 * MS, List.of(at(900, "select", 1),
        at(1400, "select", -1))));
    // 1000-1200 prune 1 and select 1; 1200-1400 select; 1400-1500 nothing.
    assertThat(second.get("prune")).isEqualTo(100 * MS);
    assertThat(second.get("select")).isEqualTo(100 * MS + 200 * MS);
    assertThat(second.get(CpuTimeline.OUTSIDE)).isEqualTo(100 * MS);
  }

  @Test
  void aStageShorterThanTheIntervalGetsItsOwnTimeOnly() {
    StageIntervals intervals = new StageIntervals();
    Map<String, Long> wall = wall(intervals.split(0, 0, 250 * MS, 250 * MS, List.of(at(110, "test", 1), at(140, "test", -1))));
    assertThat(wall).containsOnlyKeys(CpuTimeline.OUTSIDE, "test");
    assertThat(wall.get("test")).isEqualTo(30 * MS);
    assertThat(wall.get(CpuTimeline.OUTSIDE)).isEqualTo(220 * MS);
  }

  @Test
  void aNestedStageTakesTheOuterOnesTaskWhileItRuns() {
    // RunningStages reports the test split inside selection as select -1, test +1 at the same instant, and back.
    StageIntervals intervals = new StageIntervals();
    Map<String, Long> wall = wall(intervals.split(0, 0, 100 * MS, 100 * MS, List.of(at(10, "select", 1), at(20, "select", -1),
        at(20, "test", 1), at(70, "test", -1), at(70, "select", 1), at(80, "select", -1))));
    assertThat(wall.get("select")).isEqualTo(20 * MS);
    assertThat(wall.get("test")).isEqualTo(50 * MS);
    assertThat(wall.get(CpuTimeline.OUTSIDE)).isEqualTo(30 * MS);
  }

  /**
   * A stage's CPU is what the process burnt while it ran, not the interval's average: in a 100 ms
   * interval with 150 ms of CPU, a 40 ms selection during which both cores were busy (80 ms) gets
   * 80 ms, the rest of the interval 70 ms (averaging would have given the selection 60).
   */
  @Test
  void aStageGetsTheCpuBurntBetweenItsOwnInstants() {
    StageIntervals intervals = new StageIntervals();
    Map<String, StageIntervals.Part> parts = intervals.split(0, 0, 100 * MS, 150 * MS, List.of(at(20, 10, "select", 1),
        at(60, 90, "select", -1)));
    assertThat(wall(parts)).containsEntry("select", 40 * MS).containsEntry(CpuTimeline.OUTSIDE, 60 * MS);
    assertThat(cpu(parts)).containsEntry("select", 80 * MS).containsEntry(CpuTimeline.OUTSIDE, 70 * MS);
  }

  /**
   * Two tasks share a segment's CPU by their count; a CPU stamp read out of order (another thread read
   * its clocks the other way round) is kept between its neighbours, so no stage gets negative CPU and
   * the interval's CPU is given out exactly once.
   */
  @Test
  void cpuIsSharedByRunningTasksAndStampsOutOfOrderAreKeptInBounds() {
    StageIntervals intervals = new StageIntervals();
    Map<String, StageIntervals.Part> parts = intervals.split(0, 0, 100 * MS, 200 * MS, List.of(at(0, 0, "distill", 1),
        at(0, 0, "prune", 1), at(50, 100, "prune", -1), at(60, 95, "quantize", 1), at(100, 250, "quantize", -1)));
    // 0-50: distill and prune, 100 ms CPU, 50 each; 50-60: distill alone, CPU stamp 95 < 100 kept at 100: 0;
    // 60-100: distill and quantize, 100 ms CPU (the end's stamp 250 is kept at the interval's 200), 50 each.
    assertThat(cpu(parts)).containsEntry("distill", 100 * MS).containsEntry("prune", 50 * MS).containsEntry("quantize", 50 * MS);
    assertThat(cpu(parts).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200 * MS);
    assertThat(wall(parts)).containsEntry("distill", 25 * MS + 10 * MS + 20 * MS).containsEntry("prune", 25 * MS)
        .containsEntry("quantize", 20 * MS);
  }
}
