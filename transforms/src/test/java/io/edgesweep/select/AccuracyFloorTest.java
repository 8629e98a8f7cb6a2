package io.edgesweep.select;

import static io.edgesweep.select.Candidates.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.SelectionRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference values computed exactly with Python's fractions: sum of C(n,k) p^k (1-p)^(n-k) for k >= x. */
class AccuracyFloorTest {
  @Test
  void theUpperTailIsTheExactBinomialProbability() {
    assertThat(AccuracyFloor.upperTail(870, 1000, 0.85)).isCloseTo(0.04014398396904828, within(1e-12));
    assertThat(AccuracyFloor.upperTail(880, 1000, 0.85)).isCloseTo(0.003689694935386765, within(1e-12));
    assertThat(AccuracyFloor.upperTail(900, 1000, 0.85)).isCloseTo(2.0389661274727964e-06, within(1e-15));
    assertThat(AccuracyFloor.upperTail(9, 10, 0.5)).isCloseTo(11.0 / 1024, within(1e-15));
    assertThat(AccuracyFloor.upperTail(0, 10, 0.5)).isEqualTo(1.0);
    assertThat(AccuracyFloor.upperTail(3, 10, 0.0)).isEqualTo(0.0);
  }

  @Test
  void theLowerBoundIsTheClopperPearsonBound() {
    // Found by bisection on the exact tail: P(X >= 870 | p) = 0.05 at p = 0.8511953.
    assertThat(AccuracyFloor.lowerBound(AccuracyEstimate.of(870, 1000), 0.05)).isCloseTo(0.8511953189986612, within(1e-7));
    assertThat(AccuracyFloor.lowerBound(AccuracyEstimate.of(9, 10), 0.05)).isCloseTo(0.6058366975634952, within(1e-7));
    assertThat(AccuracyFloor.lowerBound(AccuracyEstimate.of(0, 10), 0.05)).isEqualTo(0.0);
    // Round trip: the tail at the bound is the level.
    double bound = AccuracyFloor.lowerBound(AccuracyEstimate.of(700, 800), 0.001);
    assertThat(AccuracyFloor.upperTail(700, 800, bound)).isCloseTo(0.001, within(1e-9));
  }

  @Test
  void holmStepsDownAndStopsAtTheFirstFailure() {
    // Floor 0.85, alpha 0.05. p-values: a 2.04e-6, b 0.00369, c 0.0401.
    // m = 3: a <= 0.05/3, b <= 0.05/2, c <= 0.05/1: all three meet the floor (Bonferroni, 0.05/3
    // for each, would have failed c).
    List<Candidate> three = List.of(of("a", 900, 1, 1), of("b", 880, 1, 1), of("c", 870, 1, 1));
    AccuracyFloor.Verdicts v = AccuracyFloor.check(three, 0.85, SelectionRule.DEFAULT);
    assertThat(v.meetingFloor()).isEqualTo(3);
    assertThat(v.verdicts().get("c").level()).isCloseTo(0.05, within(1e-15));
    assertThat(v.verdicts().get("b").adjustedPValue()).isCloseTo(2 * 0.003689694935386765, within(1e-12));
    // m = 4 with a hopeless d: c is now tested at 0.05/2 and fails; d fails after it.
    List<Candidate> four = List.of(of("a", 900, 1, 1), of("b", 880, 1, 1), of("c", 870, 1, 1), of("d", 800, 1, 1));
    AccuracyFloor.Verdicts w = AccuracyFloor.check(four, 0.85, SelectionRule.DEFAULT);
    assertThat(w.verdicts().values()).extracting(AccuracyFloor.Verdict::meetsFloor).containsExactly(true, true, false, false);
    assertThat(w.verdicts().get("c").level()).isCloseTo(0.025, within(1e-15));
    assertThat(w.verdicts().get("c").adjustedPValue()).isCloseTo(2 * 0.04014398396904828, within(1e-12));
    assertThat(w.closest().candidate().variantId()).isEqualTo("a");
    // The point-estimate rule passes every measured accuracy at or above the floor.
    assertThat(AccuracyFloor.check(four, 0.85, SelectionRule.POINT_ESTIMATE).meetingFloor()).isEqualTo(3);
    // A higher confidence is harder to meet: at 99.9%, b (0.00369 > 0.001/3) fails and c after it.
    assertThat(AccuracyFloor.check(three, 0.85, SelectionRule.DEFAULT.withFloorConfidence(0.999)).meetingFloor()).isEqualTo(1);
  }
}
