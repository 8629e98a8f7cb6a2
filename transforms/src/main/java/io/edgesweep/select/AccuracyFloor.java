package io.edgesweep.select;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.SelectionRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Which of the variants compared for a device meet its accuracy floor with confidence, however
 * many they are.
 *
 * <p>The more variants a sweep compares, the more likely one of those truly below the floor
 * measures above it by luck, and a pick made among them favours exactly those lucky ones (the
 * winner's curse). So every variant compared is tested, one-sided, for "true accuracy ≥ floor"
 * against the null hypothesis "true accuracy &lt; floor" with the exact binomial test
 * (p = P(X ≥ correct) for X ~ Binomial(n, floor), the test Clopper–Pearson bounds invert), and the
 * tests are corrected with Holm's step-down procedure (S. Holm, "A simple sequentially rejective
 * multiple test procedure", Scand. J. Statist. 6, 1979): sorted by p-value, the k-th smallest of m
 * is compared with α / (m − k + 1), stopping at the first that fails. Holm controls the family-wise
 * error: with probability at least 1 − α, no variant whose true accuracy is below the floor is
 * declared to meet it, so whatever the objective then picks among the declared variants meets the
 * floor with that probability. Why exact and not Wilson, and why not a split of the validation
 * data: {@code docs/selection.md}.
 *
 * <p>"Compared" means the variants that meet every other constraint of the device: those are the
 * ones the floor decides between. The family is fixed before any accuracy is looked at, since the
 * other constraints depend only on cost estimates.
 */
public final class AccuracyFloor {
  private AccuracyFloor() {}

  /**
   * One variant's verdict.
   *
   * @param candidate the variant
   * @param pValue the one-sided exact p-value of "true accuracy &lt; floor" (0 under the
   *     point-estimate rule when it passes, 1 when not)
   * @param adjustedPValue Holm's adjusted p-value; the variant meets the floor when it is at most α
   * @param level the significance level Holm compared this variant's p-value with, α / (m − k + 1)
   * @param meetsFloor whether the variant is shown to meet the floor
   */
  public record Verdict(Candidate candidate, double pValue, double adjustedPValue, double level, boolean meetsFloor) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The exact (Clopper–Pearson) one-sided lower confidence bound on the true accuracy at this
     * variant's Holm level: what the report shows beside the floor. Computed on demand.
     */
    public double lowerBound() {
      return AccuracyFloor.lowerBound(candidate.accuracy(), level);
    }
  }

  /**
   * The verdicts for every variant compared.
   *
   * @param floor the accuracy floor
   * @param rule the device's selection rule
   * @param compared m, the number of variants the correction counts
   * @param verdicts by variant id, in the order given
   */
  public record Verdicts(double floor, SelectionRule rule, int compared, Map<String, Verdict> verdicts) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Verdicts {
      verdicts = Collections.unmodifiableMap(verdicts);
    }

    public boolean meetsFloor(Candidate c) {
      Verdict v = verdicts.get(c.variantId());
      return v != null && v.meetsFloor();
    }

    public Verdict of(Candidate c) {
      return verdicts.get(c.variantId());
    }

    /** How many of the compared variants were shown to meet the floor. */
    public int meetingFloor() {
      return (int) verdicts.values().stream().filter(Verdict::meetsFloor).count();
    }

    /** What a pick keeps of the check: the counts, the pick's verdict and the closest one. */
    public Summary summary(Candidate pick) {
      return new Summary(floor, rule, compared, meetingFloor(), pick == null ? null : of(pick), closest());
    }

    /**
     * The variant that came closest to being shown to meet the floor: the smallest adjusted
     * p-value, then the highest accuracy, then the id. Null when none was compared.
     */
    public Verdict closest() {
      return verdicts.values().stream()
          .min(Comparator.comparingDouble(Verdict::adjustedPValue)
              .thenComparing(Comparator.comparingDouble((Verdict v) -> v.candidate().accuracyValue()).reversed())
              .thenComparing(v -> v.candidate().variantId()))
          .orElse(null);
    }
  }

  /**
   * What a pick records of the floor check.
   *
   * @param compared m, the variants the correction counted
   * @param meetingFloor how many of them were shown to meet the floor
   * @param pick the pick's verdict, or null without a pick
   * @param closest the verdict of the variant closest to meeting the floor, or null when none was compared
   */
  public record Summary(double floor, SelectionRule rule, int compared, int meetingFloor, Verdict pick, Verdict closest) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Checks every compared variant against the floor under the rule. */
  public static Verdicts check(Collection<Candidate> compared, double floor, SelectionRule rule) {
    int m = compared.size();
    Map<String, Verdict> out = new LinkedHashMap<>();
    if (rule.floorCheck() == SelectionRule.FloorCheck.POINT_ESTIMATE) {
      for (Candidate c : compared) {
        boolean meets = c.accuracyValue() >= floor;
        out.put(c.variantId(), new Verdict(c, meets ? 0 : 1, meets ? 0 : 1, Double.NaN, meets));
      }
      return new Verdicts(floor, rule, m, out);
    }
    double alpha = 1 - rule.floorConfidence();
    Map<Long, Double> tails = new HashMap<>();
    List<Candidate> inOrder = new ArrayList<>(compared);
    List<Tested> tested = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      AccuracyEstimate a = inOrder.get(i).accuracy();
      double p = tails.computeIfAbsent(a.n() * (1L << 32) + a.correct(), key -> upperTail(a.correct(), a.n(), floor));
      tested.add(new Tested(i, p));
    }
    tested.sort(Comparator.comparingDouble(Tested::p).thenComparing(t -> inOrder.get(t.index()).variantId()));
    Verdict[] verdicts = new Verdict[m];
    boolean stillRejecting = true;
    double adjusted = 0;
    for (int k = 0; k < m; k++) {
      Tested t = tested.get(k);
      double level = alpha / (m - k);
      adjusted = Math.max(adjusted, Math.min(1, (m - k) * t.p()));
      stillRejecting = stillRejecting && t.p() <= level;
      verdicts[t.index()] = new Verdict(inOrder.get(t.index()), t.p(), adjusted, level, stillRejecting);
    }
    for (Verdict v : verdicts) {
      out.put(v.candidate().variantId(), v);
    }
    return new Verdicts(floor, rule, m, out);
  }

  /** P(X ≥ correct) for X ~ Binomial(n, floor): how likely a variant exactly at the floor scores this well or better. */
  static double upperTail(long correct, long n, double floor) {
    if (correct == 0) {
      return 1;
    }
    if (floor <= 0) {
      return 0;
    }
    if (floor >= 1) {
      return 1;
    }
    // P(X ≥ x) = I_floor(x, n − x + 1), the regularized incomplete beta function.
    return Beta.regularizedBeta(floor, correct, n - correct + 1);
  }

  /** The one-sided exact lower confidence bound at level a: the p0 with P(X ≥ correct | p0) = a. */
  static double lowerBound(AccuracyEstimate accuracy, double a) {
    if (Double.isNaN(a)) {
      return accuracy.accuracy();
    }
    if (accuracy.correct() == 0) {
      return 0;
    }
    return new BetaDistribution(null, accuracy.correct(), accuracy.n() - accuracy.correct() + 1).inverseCumulativeProbability(a);
  }

  private record Tested(int index, double p) {}
}
