package io.edgesweep.pipeline;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import java.lang.management.ManagementFactory;

/**
 * This process's CPU time, all threads (PyTorch's native workers included), in nanoseconds.
 *
 * <p>The JVM's own figure ({@code OperatingSystemMXBean.getProcessCpuTime}) comes from
 * {@code times(2)} on Linux and moves in clock ticks of 10 ms: over a stage of 50 ms on two cores
 * that is an error of a tenth. On 64-bit Linux this reads {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}
 * through JNA instead, which counts nanoseconds; elsewhere, or where that call fails, the JVM's figure.
 */
final class ProcessCpuClock {
  /** {@code CLOCK_PROCESS_CPUTIME_ID} in Linux's {@code <time.h>}. */
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  private static final Function CLOCK_GETTIME = clockGettime();

  private ProcessCpuClock() {}

  /** The process's CPU time so far; 0 where neither clock is available. */
  static long nanos() {
    if (CLOCK_GETTIME != null) {
      long precise = preciseNanos();
      if (precise >= 0) {
        return precise;
      }
    }
    return coarse();
  }

  /** Whether {@link #nanos} counts nanoseconds rather than clock ticks. */
  static boolean isPrecise() {
    return CLOCK_GETTIME != null && preciseNanos() >= 0;
  }

  private static long preciseNanos() {
    // struct timespec on LP64 Linux: two longs, seconds and nanoseconds.
    try (Memory timespec = new Memory(16)) {
      int status = CLOCK_GETTIME.invokeInt(new Object[] {CLOCK_PROCESS_CPUTIME_ID, timespec});
      return status == 0 ? timespec.getLong(0) * 1_000_000_000L + timespec.getLong(8) : -1;
    }
  }

  private static long coarse() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static Function clockGettime() {
    if (!Platform.isLinux() || !Platform.is64Bit()) {
      return null;
    }
    try {
      return Function.getFunction(Platform.C_LIBRARY_NAME, "clock_gettime");
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }
}
