package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Intervals are shared among the stages running in them, by their running tasks; hand-computed. */
class CpuTimelineTest {
  @Test
  void intervalsAreSharedByRunningTasksAndIdleTimeIsOutsideTheStages() {
    CpuTimeline timeline = new CpuTimeline(2);
    // 1 s, nothing running, 0.1 CPU s: the runner's own time.
    timeline.add(1.0, 0.1, Map.of(), Map.of());
    // 2 s of distill alone with 1 task, 2 CPU s: half of 2 cores.
    timeline.add(2.0, 2.0, Map.of("distill", 1), Map.of("distill", 1));
    // 1 s, distill 1 -> 1 and prune 0 -> 2 tasks: weights 1 and 1, 1.8 CPU s.
    timeline.add(1.0, 1.8, Map.of("distill", 1), Map.of("distill", 1, "prune", 2));
    Map<String, CpuTimeline.Share> shares = timeline.shares();
    assertThat(shares.keySet()).containsExactly(CpuTimeline.OUTSIDE, "distill", "prune");
    assertThat(shares.get(CpuTimeline.OUTSIDE).wallSeconds()).isCloseTo(1.0, within(1e-12));
    assertThat(shares.get(CpuTimeline.OUTSIDE).cpuUse(2)).isCloseTo(0.05, within(1e-12));
    assertThat(shares.get("distill").wallSeconds()).isCloseTo(2.5, within(1e-12));
    assertThat(shares.get("distill").cpuSeconds()).isCloseTo(2.9, within(1e-12));
    assertThat(shares.get("distill").cpuUse(2)).isCloseTo(2.9 / 5.0, within(1e-12));
    assertThat(shares.get("prune").wallSeconds()).isCloseTo(0.5, within(1e-12));
    assertThat(shares.get("prune").cpuUse(2)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void theSamplerSeesAStageRunningInThisProcess() throws Exception {
    try (CpuTimeline timeline = CpuTimeline.start(20)) {
      io.edgesweep.transforms.StageClock.time("busy", () -> {
        long end = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
          x += Math.sqrt(x + 1);
        }
        return x;
      });
      timeline.close();
      CpuTimeline.Share busy = timeline.shares().get("busy");
      assertThat(busy).isNotNull();
      assertThat(busy.wallSeconds()).as("0.3 s, give or take the sampler's delays on a busy machine (1.4 s seen on a loaded 2-core VM)").isBetween(0.15, 3.0);
      assertThat(busy.cpuSeconds()).isPositive();
    }
  }
}
