package io.edgesweep.transforms;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Beam counters of what each stage did: computed, reused from the store, or passed through.
 *
 * <p>The sweep prints them beside what a per-variant pipeline would have run, which is how a user
 * sees that stages are shared and that a re-run trains nothing.
 */
public final class StageCounters {
  public static final String NAMESPACE = "edgesweep";
  /** The counter prefix of leaf evaluations. */
  public static final String EVALUATE = "evaluate";

  private StageCounters() {}

  /** The counter name of a stage's outcome, as in {@code distill_computed}. */
  public static String name(String stage, StageRunner.Outcome outcome) {
    return stage + "_" + outcome.name().toLowerCase(java.util.Locale.ROOT);
  }

  static void count(String stage, StageRunner.Outcome outcome) {
    Counter counter = Metrics.counter(NAMESPACE, name(stage, outcome));
    counter.inc();
  }
}
