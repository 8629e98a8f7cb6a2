package io.edgesweep.pipeline;

import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageTask;
import io.edgesweep.transforms.StageKinds;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reports how many variants are evaluated while the job runs: done / total, elapsed, ETA.
 *
 * <p>It watches the artifact store, not the runner: every evaluated leaf leaves an entry there,
 * which works the same for the embedded runner and for a remote cluster, and survives a
 * TaskManager restart. Evaluations already in the store when the sweep starts are counted as done
 * from the start and left out of the rate.
 */
public final class SweepProgress implements AutoCloseable {
  private final ArtifactStore store;
  private final Map<String, Integer> variantsByEvaluation = new HashMap<>();
  private final int total;
  private final Consumer<String> out;
  private final long start = System.nanoTime();
  private final int doneAtStart;
  private final Thread thread;
  private volatile boolean stopped;
  private int lastDone = -1;

  public SweepProgress(ArtifactStore store, List<StageTask> leaves, Consumer<String> out, Duration every) {
    this.store = store;
    this.out = out;
    int sum = 0;
    for (StageTask leaf : leaves) {
      variantsByEvaluation.merge(leaf.evaluationKey(), leaf.variants().size(), Integer::sum);
      sum += leaf.variants().size();
    }
    this.total = sum;
    this.doneAtStart = done();
    this.thread = new Thread(() -> {
      while (!stopped) {
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        report(false);
      }
    }, "edgesweep-progress");
    thread.setDaemon(true);
    thread.start();
  }

  /** Variants whose evaluation is in the store. */
  public int done() {
    try {
      Set<String> present = new HashSet<>(store.keys(StageKinds.EVALUATION));
      int done = 0;
      for (Map.Entry<String, Integer> e : variantsByEvaluation.entrySet()) {
        if (present.contains(e.getKey())) {
          done += e.getValue();
        }
      }
      return done;
    } catch (java.io.IOException e) {
      return lastDone < 0 ? 0 : lastDone;
    }
  }

  synchronized void report(boolean always) {
    int done = done();
    if (!always && done == lastDone) {
      return;
    }
    lastDone = done;
    double elapsed = (System.nanoTime() - start) / 1e9;
    String eta = "?";
    int newlyDone = done - doneAtStart;
    if (newlyDone > 0 && done < total) {
      eta = clock(elapsed / newlyDone * (total - done));
    } else if (done == total) {
      eta = "0:00";
    }
    out.accept(String.format("progress: %d/%d variants evaluated, %s elapsed, ETA %s", done, total, clock(elapsed), eta));
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
