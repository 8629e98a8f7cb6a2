package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The process clock counts finer than the JVM's 10 ms ticks on Linux, and agrees with them. */
class ProcessCpuClockTest {
  @Test
  void countsNanosecondsAndAgreesWithTheJvmsTickClock() {
    assertThat(ProcessCpuClock.isPrecise()).as("clock_gettime through JNA on 64-bit Linux").isTrue();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long coarseBefore = os.getProcessCpuTime();
    long before = ProcessCpuClock.nanos();
    boolean offTick = false;
    long last = before;
    long end = System.nanoTime() + 200_000_000L;
    while (System.nanoTime() < end) {
      long now = ProcessCpuClock.nanos();
      assertThat(now).isGreaterThanOrEqualTo(last);
      offTick |= (now - last) % 10_000_000L != 0;
      last = now;
    }
    long spent = ProcessCpuClock.nanos() - before;
    long coarseSpent = os.getProcessCpuTime() - coarseBefore;
    assertThat(offTick).as("steps that are not whole 10 ms ticks").isTrue();
    // 200 ms of spinning on this thread, plus whatever the JVM's other threads did meanwhile.
    assertThat(spent).isGreaterThan(100_000_000L);
    // Same clock, different resolution: within two ticks, plus the other threads between the four readings.
    assertThat(Math.abs(spent - coarseSpent)).isLessThan(40_000_000L);
  }
}
