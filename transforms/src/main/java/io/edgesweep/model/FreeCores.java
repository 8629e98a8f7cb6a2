package io.edgesweep.model;

import java.lang.management.ManagementFactory;

/**
 * How many of the machine's cores are not busy with other processes' work, sampled about once a
 * second: the most threads this JVM's tasks can use without slowing down.
 *
 * <p>An intra-op thread that the operating system does not schedule holds up every parallel
 * region of its task: on a machine shared with other work, a lone task with 2 threads on 2 busy
 * cores trained 5 to 10 times slower than with 1 (issue 15). So the cores shared among the running
 * tasks are the cores minus what other processes keep busy (the system's recent CPU load minus
 * this JVM's), at least 1.
 */
final class FreeCores {
  private static final long EVERY_NANOS = 1_000_000_000L;
  private final int cores;
  private final com.sun.management.OperatingSystemMXBean os;
  private volatile int free;
  private volatile long sampled;

  FreeCores(int cores) {
    this.cores = cores;
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    this.free = cores;
    this.sampled = System.nanoTime();
    if (os != null) {
      os.getCpuLoad();
      os.getProcessCpuLoad();
    }
  }

  /** The free cores, re-sampled when the last sample is more than a second old. */
  int get() {
    long now = System.nanoTime();
    if (os != null && now - sampled > EVERY_NANOS) {
      synchronized (this) {
        if (now - sampled > EVERY_NANOS) {
          free = of(cores, os.getCpuLoad(), os.getProcessCpuLoad());
          sampled = now;
        }
      }
    }
    return free;
  }

  /** Cores minus other processes' busy cores ({@code systemLoad - ownLoad} of all cores), rounded, at least 1. */
  static int of(int cores, double systemLoad, double ownLoad) {
    if (systemLoad < 0 || ownLoad < 0) {
      return cores; // not measurable here
    }
    double othersBusy = Math.max(0, systemLoad - ownLoad) * cores;
    return (int) Math.max(1, Math.min(cores, Math.round(cores - othersBusy)));
  }
}
