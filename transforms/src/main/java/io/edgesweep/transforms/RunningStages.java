package io.edgesweep.transforms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * When stage tasks start and end in this JVM, by the innermost stage of each task thread (the
 * logits inside the teacher stage, the test split inside selection).
 *
 * <p>{@link StageClock} reports every change; a sampler on the client of an in-process runner
 * records them beside the process's CPU time to tell how busy the cores were during each stage
 * (the task threads' own CPU times leave out PyTorch's worker threads). The exact times matter:
 * the selection, the test split and the job's writes each last a few tens of milliseconds, less
 * than any sampling interval, and a sampler that only looked at which stages were running when it
 * woke missed them or charged them a whole interval. So each change also carries the process's CPU
 * time at that instant, read from the recording's clock: a stage's CPU is then what the process
 * burnt while it ran, not the average of the intervals it fell into.
 */
public final class RunningStages {
  /**
   * A task of {@code stage} started ({@code delta} +1) or ended (-1) at {@code nanos} ({@link
   * System#nanoTime}), when the process had used {@code cpuNanos} of CPU time (the recording's clock).
   */
  public record Transition(long nanos, long cpuNanos, String stage, int delta) {}

  private static final List<Recording> RECORDINGS = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Deque<String>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private RunningStages() {}

  /**
   * What this JVM's stage tasks do from now until the recording is closed, each change stamped
   * with {@code processCpuNanos} read on the task's thread at that instant.
   */
  public static Recording record(LongSupplier processCpuNanos) {
    return new Recording(processCpuNanos);
  }

  /** The transitions since {@link #record}, taken in batches by {@link #drain()}. */
  public static final class Recording implements AutoCloseable {
    private final Queue<Transition> transitions = new ConcurrentLinkedQueue<>();
    private final LongSupplier processCpuNanos;

    private Recording(LongSupplier processCpuNanos) {
      this.processCpuNanos = processCpuNanos;
      RECORDINGS.add(this);
    }

    /** The transitions reported since the last call, in the order they were reported. */
    public List<Transition> drain() {
      List<Transition> out = new ArrayList<>();
      for (Transition t; (t = transitions.poll()) != null; ) {
        out.add(t);
      }
      return out;
    }

    @Override
    public void close() {
      RECORDINGS.remove(this);
    }
  }

  static void enter(String stage) {
    long now = System.nanoTime();
    Deque<String> stack = STACK.get();
    if (!stack.isEmpty()) {
      report(now, stack.peekLast(), -1);
    }
    stack.addLast(stage);
    report(now, stage, 1);
  }

  static void exit() {
    long now = System.nanoTime();
    Deque<String> stack = STACK.get();
    report(now, stack.removeLast(), -1);
    if (!stack.isEmpty()) {
      report(now, stack.peekLast(), 1);
    }
  }

  private static void report(long nanos, String stage, int delta) {
    for (Recording recording : RECORDINGS) {
      recording.transitions.add(new Transition(nanos, recording.processCpuNanos.getAsLong(), stage, delta));
    }
  }
}
