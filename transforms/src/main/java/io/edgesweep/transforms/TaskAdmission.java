package io.edgesweep.transforms;

import io.edgesweep.model.TorchRuntime;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntSupplier;

/**
 * Lets no more stage tasks compute at once in this JVM than its cores can run at the configured
 * PyTorch thread count, the others waiting their turn in arrival order.
 *
 * <p>Why: Flink puts one subtask of every operator in each task slot, so while one student still
 * distils, the fine-tunes of a finished one start beside it, and a 2-core machine ran three or
 * four one-thread training tasks at once. Each then gets a share of a core and evicts the others'
 * weights and optimiser state from the cache at every switch: four copies of the training-loop
 * benchmark side by side on two cores took 2.2 times as long as two (their steps 3.8-4.2 ms of CPU
 * against 3.4; docs/performance.md). A task waiting here uses no CPU and holds nothing: it is
 * admitted before it opens a model, and {@link StageClock} lets it go before its outputs are
 * emitted, so a downstream task never waits for a core that an upstream one holds while blocked
 * on the exchange between them (no deadlock under backpressure).
 *
 * <p>The limit is cores / intra-op threads per task (at least 1), or the cores when the running
 * tasks share them ({@link TorchRuntime#sharesCores}); it is read at every admission, since the
 * command line sets the thread count after the JVM started. Results do not depend on it: every
 * task computes with the same thread count whenever it runs.
 */
public final class TaskAdmission {
  private static final Object LOCK = new Object();
  private static final Deque<Thread> WAITING = new ArrayDeque<>();
  private static int running;
  private static volatile IntSupplier cores = () -> Runtime.getRuntime().availableProcessors();

  private TaskAdmission() {}

  /** How many tasks may compute at once here now. */
  public static int limit() {
    int available = Math.max(1, cores.getAsInt());
    if (TorchRuntime.sharesCores()) {
      return available;
    }
    return Math.max(1, available / Math.max(1, Integer.getInteger(TorchRuntime.THREADS_PROPERTY, 1)));
  }

  /** Waits until this thread may compute; {@link #leave} when done. */
  static void enter() throws InterruptedIOException {
    Thread me = Thread.currentThread();
    synchronized (LOCK) {
      WAITING.addLast(me);
      try {
        while (WAITING.peekFirst() != me || running >= limit()) {
          LOCK.wait();
        }
      } catch (InterruptedException e) {
        WAITING.remove(me);
        LOCK.notifyAll();
        me.interrupt();
        throw new InterruptedIOException("interrupted while waiting for a free core");
      }
      WAITING.removeFirst();
      running++;
      LOCK.notifyAll();
    }
  }

  /** This thread's task no longer computes. */
  static void leave() {
    synchronized (LOCK) {
      running--;
      LOCK.notifyAll();
    }
  }

  /** Tasks computing now (tests). */
  static int running() {
    synchronized (LOCK) {
      return running;
    }
  }

  /** Replaces the core count (tests); null restores the JVM's. */
  static void useCores(IntSupplier supplier) {
    cores = supplier == null ? () -> Runtime.getRuntime().availableProcessors() : supplier;
    synchronized (LOCK) {
      LOCK.notifyAll();
    }
  }
}
