package io.edgesweep.select;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The exact Pareto front of candidates over accuracy (higher is better), bytes and latency (lower
 * is better).
 *
 * <p>A candidate is dominated when another is at least as good in all three and strictly better
 * in at least one. Candidates equal in all three (duplicates, as two bit widths that store and run
 * alike) do not dominate each other, so all of them stay on the front: the front shows every
 * variant that could be the best trade-off, and the pick's tie-break, not the front, chooses
 * between equals. Comparisons are exact (no tolerance): the metrics are deterministic, so equal
 * settings give equal numbers.
 *
 * <p>All pairs are compared, O(n²): a sweep has hundreds of variants, not millions.
 */
public final class ParetoFront {
  /** The order the front is listed and drawn in: smallest first, then fastest, then most accurate, then by id. */
  public static final Comparator<Candidate> BY_BYTES =
      Comparator.comparingLong(Candidate::bytes)
          .thenComparingDouble(Candidate::latencyMs)
          .thenComparing(Comparator.comparingDouble(Candidate::accuracyValue).reversed())
          .thenComparing(Candidate::variantId);

  private ParetoFront() {}

  /** The non-dominated candidates, in {@link #BY_BYTES} order. */
  public static List<Candidate> of(Collection<Candidate> candidates) {
    List<Candidate> front = new ArrayList<>();
    for (Candidate c : candidates) {
      boolean dominated = false;
      for (Candidate other : candidates) {
        if (dominates(other, c)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(c);
      }
    }
    front.sort(BY_BYTES);
    return List.copyOf(front);
  }

  /** Whether {@code a} is at least as good as {@code b} in accuracy, bytes and latency, and better in one. */
  public static boolean dominates(Candidate a, Candidate b) {
    boolean noWorse = a.accuracyValue() >= b.accuracyValue() && a.bytes() <= b.bytes() && a.latencyMs() <= b.latencyMs();
    boolean better = a.accuracyValue() > b.accuracyValue() || a.bytes() < b.bytes() || a.latencyMs() < b.latencyMs();
    return noWorse && better;
  }
}
