package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.transforms.StageClock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stages' wall and CPU time add up over intervals; hand-computed, then real stages. */
class CpuTimelineTest {
  private static final long MS = 1_000_000L;

  private static StageIntervals.Part part(long wallMs, long cpuMs) {
    return new StageIntervals.Part(wallMs * MS, cpuMs * MS);
  }

  @Test
  void stagesAddUpOverIntervals() {
    CpuTimeline timeline = new CpuTimeline(2);
    // 1 s, nothing running, 0.1 CPU s: the runner's own time.
    timeline.add(Map.of(CpuTimeline.OUTSIDE, part(1000, 100)));
    // 2 s of distill, 2 CPU s: half of 2 cores.
    timeline.add(Map.of("distill", part(2000, 2000)));
    // 1 s shared 0.5 / 0.5 between distill and prune, 1.8 CPU s.
    Map<String, StageIntervals.Part> both = new LinkedHashMap<>();
    both.put("distill", part(500, 900));
    both.put("prune", part(500, 900));
    timeline.add(both);
    Map<String, CpuTimeline.Share> shares = timeline.shares();
    assertThat(shares.keySet()).containsExactly(CpuTimeline.OUTSIDE, "distill", "prune");
    assertThat(shares.get(CpuTimeline.OUTSIDE).cpuUse(2)).isCloseTo(0.05, within(1e-12));
    assertThat(shares.get("distill").wallSeconds()).isCloseTo(2.5, within(1e-12));
    assertThat(shares.get("distill").cpuSeconds()).isCloseTo(2.9, within(1e-12));
    assertThat(shares.get("prune").wallSeconds()).isCloseTo(0.5, within(1e-12));
    assertThat(shares.get("prune").cpuUse(2)).isCloseTo(0.9, within(1e-12));
  }

  @Test
  void aShortStageGetsItsOwnWallTimeAndTheCpuItBurnt() throws Exception {
    // A JVM's first stage task configures PyTorch's engine (part of that task's time): done before the timeline starts.
    busyFor("warm-up", 1);
    CpuTimeline timeline = CpuTimeline.start(50);
    long shortThreadCpu;
    try (timeline) {
      Thread.sleep(120);
      shortThreadCpu = busyFor("short", 30);
      Thread.sleep(120);
      busyFor("busy", 300);
    }
    Map<String, CpuTimeline.Share> shares = timeline.shares();
    // The stages' wall times come from the instants their tasks started and ended, not from the samples:
    // a 30 ms stage inside a 50 ms interval is not charged the interval, nor missed.
    assertThat(shares.get("short").wallSeconds()).isBetween(0.030, 0.080);
    assertThat(shares.get("busy").wallSeconds()).isBetween(0.300, 0.400);
    assertThat(shares.get(CpuTimeline.OUTSIDE).wallSeconds()).isGreaterThanOrEqualTo(0.2);
    // One thread spinning on two cores: about half, whatever else the machine does (the JVM's own threads add a little).
    assertThat(shares.get("busy").cpuUse(timeline.cores())).isBetween(0.2, 1.0);
    // The short stage's CPU is the process's between its own start and end, so at least what its thread
    // burnt; the interval's average would give it less (at least 20 ms of its 50 ms interval asleep).
    assertThat(shares.get("short").cpuSeconds()).isGreaterThanOrEqualTo(0.98 * shortThreadCpu / 1e9);
  }

  /** Spins for {@code millis} in a task of {@code stage}; the CPU nanoseconds its thread got meanwhile. */
  private static long busyFor(String stage, long millis) throws java.io.IOException {
    return StageClock.time(stage, () -> {
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu = threads.getCurrentThreadCpuTime();
      long end = System.nanoTime() + millis * MS;
      double x = 0;
      while (System.nanoTime() < end) {
        x += Math.sqrt(x + 1);
      }
      return threads.getCurrentThreadCpuTime() - cpu + (x < 0 ? 1 : 0);
    });
  }
}
