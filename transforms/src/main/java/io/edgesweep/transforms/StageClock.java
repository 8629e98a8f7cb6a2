package io.edgesweep.transforms;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import io.edgesweep.model.ArithmeticTally;
import io.edgesweep.model.TorchRuntime;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Wall and CPU time per stage of a sweep, as Beam counters the client reads after the job.
 *
 * <p>Each figure is the stage's own time: a measurement nested in another (the test-split
 * accuracy inside selection, the logits inside the teacher stage) is taken out of the enclosing
 * one, so the stages' figures add up to the time spent in stages. CPU time is the task thread's
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}), which includes PyTorch's work when it runs on
 * the calling thread (one DJL thread per task slot, the default on small machines) and leaves
 * out PyTorch's own worker threads otherwise. The floating-point operations a stage asked for are
 * read the same way, from the thread's {@link ArithmeticTally}, nested measurements taken out.
 * Outside a pipeline the counters are no-ops.
 *
 * <p>An outermost measurement is one stage task: it first waits for a free core ({@link
 * TaskAdmission}; the wait is not part of its time), then counts as running for {@link
 * TorchRuntime#taskStarted} (the cores' share of each task) and {@link RunningStages}. Callers
 * emit a task's outputs after it returns, never inside it.
 */
public final class StageClock {
  /** The Beam metrics namespace of the stage times. */
  public static final String NAMESPACE = "edgesweep.time";
  /**
   * Suffixes of the counters: {@code <stage>_wall_ns}, {@code <stage>_cpu_ns}, {@code <stage>_tasks}
   * and {@code <stage>_flop} (the {@link ArithmeticTally} of its tasks, only where it is not 0).
   */
  public static final String WALL = "_wall_ns";
  public static final String CPU = "_cpu_ns";
  public static final String TASKS = "_tasks";
  public static final String FLOP = "_flop";
  /** Selection per device, without the test-split accuracy of its picks. */
  public static final String SELECT = "select";
  /** The test-split accuracy of the picks. */
  public static final String TEST = "test";
  /** Writing the run's tables in the job. */
  public static final String WRITE = "write";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Time already counted by measurements nested in the running ones, innermost last. */
  private static final ThreadLocal<Deque<long[]>> NESTED = ThreadLocal.withInitial(ArrayDeque::new);

  private StageClock() {}

  /** Work whose time is measured. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} and adds its own wall and CPU time to {@code stage}'s counters. */
  public static <T> T time(String stage, Work<T> work) throws IOException {
    if (!NESTED.get().isEmpty()) {
      return measured(stage, work, false);
    }
    TaskAdmission.enter();
    try {
      return measured(stage, work, true);
    } finally {
      TaskAdmission.leave();
    }
  }

  private static <T> T measured(String stage, Work<T> work, boolean task) throws IOException {
    Deque<long[]> nested = NESTED.get();
    long wall = System.nanoTime();
    long cpu = cpuNanos();
    long flop = ArithmeticTally.ofThisThread();
    long[] inner = new long[3];
    nested.addLast(inner);
    String name = stage.toLowerCase(Locale.ROOT);
    RunningStages.enter(name);
    try {
      if (task) {
        TorchRuntime.taskStarted();
      }
      return work.run();
    } finally {
      if (task) {
        TorchRuntime.taskEnded();
      }
      RunningStages.exit();
      nested.removeLast();
      long wallSpent = System.nanoTime() - wall;
      long cpuSpent = Math.max(0, cpuNanos() - cpu);
      long flopSpent = ArithmeticTally.ofThisThread() - flop;
      long ownWall = Math.max(0, wallSpent - inner[0]);
      long ownCpu = Math.max(0, cpuSpent - inner[1]);
      long ownFlop = flopSpent - inner[2];
      long[] outer = nested.peekLast();
      if (outer != null) {
        outer[0] += wallSpent;
        outer[1] += cpuSpent;
        outer[2] += flopSpent;
      }
      Metrics.counter(NAMESPACE, name + WALL).inc(ownWall);
      Metrics.counter(NAMESPACE, name + CPU).inc(ownCpu);
      Metrics.counter(NAMESPACE, name + TASKS).inc();
      if (ownFlop > 0) {
        Metrics.counter(NAMESPACE, name + FLOP).inc(ownFlop);
      }
    }
  }

  /** The current thread's CPU time in nanoseconds, 0 where the JVM cannot measure it. */
  public static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }
}
