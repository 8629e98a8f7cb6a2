package io.edgesweep.evaluate;

import io.edgesweep.InvalidInputException;
import io.edgesweep.spec.Names;
import java.io.Serializable;

/**
 * How a device's pick treats the noise in validation accuracy: how the accuracy floor is checked,
 * and whether {@code max-accuracy} may trade a statistically meaningless point for a cheaper model.
 *
 * <p>A profile's optional {@code selection} block; {@link #DEFAULT} where it is absent. The
 * statistics live in {@code io.edgesweep.select}; the profile only names the rule. Why this rule,
 * and a simulation of what it promises: {@code docs/selection.md}.
 *
 * @param floorCheck how a variant is shown to meet the accuracy floor
 * @param floorConfidence for {@link FloorCheck#HOLM}: the probability that the pick's true accuracy
 *     is at least the floor, however many variants were compared; in [0.5, 1)
 * @param accuracyTies what {@code max-accuracy} picks among variants as accurate as the best
 * @param cheapestBy for {@link Ties#CHEAPEST_INDISTINGUISHABLE}: which cost decides "cheapest"
 */
public record SelectionRule(FloorCheck floorCheck, double floorConfidence, Ties accuracyTies, Cost cheapestBy) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The rule of a profile without a {@code selection} block: the floor holds for the pick with 95%
   * confidence over all variants compared, and {@code max-accuracy} takes the most accurate.
   */
  public static final SelectionRule DEFAULT = new SelectionRule(FloorCheck.HOLM, 0.95, Ties.BEST, Cost.BYTES);

  /** The rule before multiplicity control: a variant meets the floor when its point estimate does. For comparison only. */
  public static final SelectionRule POINT_ESTIMATE = new SelectionRule(FloorCheck.POINT_ESTIMATE, 0.95, Ties.BEST, Cost.BYTES);

  public SelectionRule {
    if (floorCheck == null || accuracyTies == null || cheapestBy == null) {
      throw new IllegalArgumentException("a selection rule needs a floor check, a tie rule and a cost");
    }
    if (!(floorConfidence >= 0.5 && floorConfidence < 1)) {
      throw new IllegalArgumentException("floor confidence must be in [0.5, 1), got " + floorConfidence);
    }
  }

  /** A rule from its written names, as pareto.json records it; errors name {@code source} and {@code field}. */
  public static SelectionRule parse(String floorCheck, double floorConfidence, String ties, String cheapestBy, String source, String field) {
    if (!(floorConfidence >= 0.5 && floorConfidence < 1)) {
      throw new InvalidInputException(source, field + ".floor_confidence", "must be in [0.5, 1), got " + floorConfidence);
    }
    return new SelectionRule(FloorCheck.parse(floorCheck, source, field + ".floor_check"), floorConfidence,
        Ties.parse(ties, source, field + ".accuracy_ties"), Cost.parse(cheapestBy, source, field + ".cheapest_by"));
  }

  /** This rule with a different tie rule. */
  public SelectionRule withTies(Ties ties, Cost cost) {
    return new SelectionRule(floorCheck, floorConfidence, ties, cost);
  }

  /** This rule with a different floor confidence (and the Holm check). */
  public SelectionRule withFloorConfidence(double confidence) {
    return new SelectionRule(FloorCheck.HOLM, confidence, accuracyTies, cheapestBy);
  }

  /** How a variant is shown to meet the accuracy floor. */
  public enum FloorCheck {
    /**
     * One-sided exact binomial test of "true accuracy &lt; floor" for every variant compared, Holm's
     * step-down correction over them: the family-wise error is at most 1 − confidence.
     */
    HOLM,
    /** The measured accuracy is at least the floor: what edgesweep did before; lets luck through on wide grids. */
    POINT_ESTIMATE;

    static FloorCheck parse(String text, String source, String field) {
      return Names.parse(FloorCheck.class, text, source, field, "floor check");
    }

    @Override
    public String toString() {
      return Names.of(this);
    }
  }

  /** What {@code max-accuracy} picks among the variants whose accuracy cannot be told from the best's. */
  public enum Ties {
    /** The most accurate, however small its lead. */
    BEST,
    /**
     * The cheapest front member whose validation accuracy a two-sided two-proportion test at 5%
     * cannot tell from the most accurate one's.
     */
    CHEAPEST_INDISTINGUISHABLE;

    static Ties parse(String text, String source, String field) {
      return Names.parse(Ties.class, text, source, field, "tie rule");
    }

    @Override
    public String toString() {
      return Names.of(this);
    }
  }

  /** The cost a tie is broken by. */
  public enum Cost {
    BYTES,
    LATENCY,
    ENERGY;

    static Cost parse(String text, String source, String field) {
      return Names.parse(Cost.class, text, source, field, "cost");
    }

    @Override
    public String toString() {
      return Names.of(this);
    }
  }
}
