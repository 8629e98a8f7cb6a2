package io.edgesweep.select;

import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.SelectionRule;
import java.util.Comparator;

/**
 * The order in which an objective ranks candidates, best first, with a tie-break that leaves no ties.
 *
 * <p>The objective's key comes first; then the remaining keys in the fixed order accuracy (higher
 * first), bytes, latency, energy (lower first); then the variant id, alphabetically. So {@code
 * min-bytes} picks the smallest variant, and of equally small ones the most accurate, then the
 * fastest; two exact duplicates are split by id.
 */
public final class PickOrder {
  private static final Comparator<Candidate> ACCURACY = Comparator.comparingDouble(Candidate::accuracyValue).reversed();
  private static final Comparator<Candidate> BYTES = Comparator.comparingLong(Candidate::bytes);
  private static final Comparator<Candidate> LATENCY = Comparator.comparingDouble(Candidate::latencyMs);
  private static final Comparator<Candidate> ENERGY = Comparator.comparingDouble(Candidate::energyJoules);
  private static final Comparator<Candidate> ID = Comparator.comparing(Candidate::variantId);

  private PickOrder() {}

  /** Best first under the objective. */
  public static Comparator<Candidate> of(Objective objective) {
    Comparator<Candidate> rest = ACCURACY.thenComparing(BYTES).thenComparing(LATENCY).thenComparing(ENERGY).thenComparing(ID);
    return switch (objective) {
      case MAX_ACCURACY -> rest;
      case MIN_BYTES -> BYTES.thenComparing(rest);
      case MIN_LATENCY -> LATENCY.thenComparing(rest);
      case MIN_ENERGY -> ENERGY.thenComparing(rest);
    };
  }

  /** Cheapest first by the cost a tie rule names, then as {@link #of} goes on: what breaks an accuracy tie. */
  public static Comparator<Candidate> cheapestFirst(SelectionRule.Cost cost) {
    return switch (cost) {
      case BYTES -> of(Objective.MIN_BYTES);
      case LATENCY -> of(Objective.MIN_LATENCY);
      case ENERGY -> of(Objective.MIN_ENERGY);
    };
  }
}
