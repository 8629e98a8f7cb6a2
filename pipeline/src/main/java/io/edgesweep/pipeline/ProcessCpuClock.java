package io.edgesweep.pipeline;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.lang.management.ManagementFactory;

/**
 * This process's CPU time, all threads (PyTorch's native workers included), in nanoseconds.
 *
 * <p>The JVM's own figure ({@code OperatingSystemMXBean.getProcessCpuTime}) comes from
 * {@code times(2)} on Linux and moves in clock ticks of 10 ms: over a stage of 50 ms on two cores
 * that is an error of a tenth. On 64-bit Linux this reads {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}
 * through JNA instead, which counts nanoseconds; elsewhere, or where that call fails, the JVM's figure.
 * The call is direct-mapped (a native method bound once, into a per-thread array): every stage
 * task's start and end reads this clock, and JNA's generic call with a fresh native buffer cost
 * 5-6 µs a read against 2.5 µs now, most of it the system call, which sums the CPU time of all
 * the JVM's threads.
 */
final class ProcessCpuClock {
  /** {@code CLOCK_PROCESS_CPUTIME_ID} in Linux's {@code <time.h>}. */
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
  private static final boolean BOUND = bind();
  /** {@code struct timespec} on LP64 Linux, per thread: seconds and nanoseconds. */
  private static final ThreadLocal<long[]> TIMESPEC = ThreadLocal.withInitial(() -> new long[2]);

  private ProcessCpuClock() {}

  /** The process's CPU time so far; 0 where neither clock is available. */
  static long nanos() {
    if (BOUND) {
      long precise = preciseNanos();
      if (precise >= 0) {
        return precise;
      }
    }
    return coarse();
  }

  /** Whether {@link #nanos} counts nanoseconds rather than clock ticks. */
  static boolean isPrecise() {
    return BOUND && preciseNanos() >= 0;
  }

  private static long preciseNanos() {
    long[] timespec = TIMESPEC.get();
    int status = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, timespec);
    return status == 0 ? timespec[0] * 1_000_000_000L + timespec[1] : -1;
  }

  private static native int clock_gettime(int clock, long[] timespec);

  private static long coarse() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static boolean bind() {
    if (!Platform.isLinux() || !Platform.is64Bit()) {
      return false;
    }
    try {
      Native.register(ProcessCpuClock.class, Platform.C_LIBRARY_NAME);
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }
}
