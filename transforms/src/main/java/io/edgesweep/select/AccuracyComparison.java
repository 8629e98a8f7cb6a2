package io.edgesweep.select;

import io.edgesweep.evaluate.AccuracyEstimate;
import java.io.Serializable;
import java.util.List;
import java.util.ArrayList;

/**
 * Whether two measured accuracies differ by more than chance, by a two-sided two-proportion z-test.
 *
 * <p>The test pools the two proportions: p = (x₁ + x₂) / (n₁ + n₂), z = (p₁ − p₂) / sqrt(p(1 − p)(1/n₁
 * + 1/n₂)), and the p-value is P(|Z| ≥ |z|) for a standard normal Z. Two accuracies are called
 * indistinguishable when the p-value is at least 0.05.
 *
 * <p>Chosen over "the 95% Wilson intervals overlap", which is much more conservative (two
 * intervals can overlap while the difference is significant at well below 5%). Both variants are
 * scored on the same validation examples, so the exact test would be McNemar's on the paired
 * outcomes; with only the counts at hand the unpaired test is used, which overstates the variance
 * when the variants err on the same examples and so errs towards "indistinguishable", the safe
 * side for a note in a report.
 *
 * @param first one accuracy
 * @param second the other
 * @param z the test statistic, positive when the first is higher
 * @param pValue the two-sided p-value
 */
public record AccuracyComparison(AccuracyEstimate first, AccuracyEstimate second, double z, double pValue) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The significance level below which two accuracies are called different. */
  public static final double ALPHA = 0.05;

  /** Compares two accuracies. */
  public static AccuracyComparison of(AccuracyEstimate first, AccuracyEstimate second) {
    double p1 = (double) first.correct() / first.n();
    double p2 = (double) second.correct() / second.n();
    double pooled = (double) (first.correct() + second.correct()) / (first.n() + second.n());
    double variance = pooled * (1 - pooled) * (1.0 / first.n() + 1.0 / second.n());
    if (variance == 0) {
      // Both all right or both all wrong: no evidence of any difference.
      return new AccuracyComparison(first, second, 0.0, 1.0);
    }
    double z = (p1 - p2) / Math.sqrt(variance);
    return new AccuracyComparison(first, second, z, erfc(Math.abs(z) / Math.sqrt(2)));
  }

  /** True when the difference is not significant at {@link #ALPHA}. */
  public boolean indistinguishable() {
    return pValue >= ALPHA;
  }

  /**
   * Consecutive front members (in the front's order, smallest first) whose accuracies are
   * statistically indistinguishable: where the report says "these two may be equally accurate".
   */
  public static List<Neighbours> indistinguishableNeighbours(List<Candidate> front) {
    List<Neighbours> result = new ArrayList<>();
    for (int i = 1; i < front.size(); i++) {
      AccuracyComparison test = of(front.get(i - 1).accuracy(), front.get(i).accuracy());
      if (test.indistinguishable()) {
        result.add(new Neighbours(front.get(i - 1), front.get(i), test));
      }
    }
    return result;
  }

  /** Two adjacent front members and the test between them. */
  public record Neighbours(Candidate smaller, Candidate larger, AccuracyComparison test) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The complementary error function, from commons-math3 (a maintained special function, not a hand-written fit). */
  static double erfc(double x) {
    return org.apache.commons.math3.special.Erf.erfc(x);
  }
}
