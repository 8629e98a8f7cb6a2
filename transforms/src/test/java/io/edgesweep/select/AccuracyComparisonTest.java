package io.edgesweep.select;

import static io.edgesweep.select.Candidates.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.evaluate.AccuracyEstimate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyComparisonTest {
  @Test
  void eightyVersusSeventyOfAHundredIsNotSignificant() {
    // pooled p = 150/200 = 0.75; se = sqrt(0.75 * 0.25 * (1/100 + 1/100)) = sqrt(0.00375) = 0.0612372
    // z = 0.10 / 0.0612372 = 1.632993; two-sided p = erfc(1.632993 / sqrt 2) = 0.102470.
    AccuracyComparison t = AccuracyComparison.of(AccuracyEstimate.of(80, 100), AccuracyEstimate.of(70, 100));
    assertThat(t.z()).isCloseTo(1.632993, within(1e-6));
    assertThat(t.pValue()).isCloseTo(0.102470, within(1e-6));
    assertThat(t.indistinguishable()).isTrue();
    // The Wilson intervals overlap too, as they must whenever the test finds no difference here.
    assertThat(t.first().overlaps(t.second())).isTrue();
  }

  @Test
  void eightyFiveVersusSeventyOfAHundredIs() {
    // pooled p = 0.775; se = sqrt(0.775 * 0.225 * 0.02) = 0.0590551; z = 0.15 / 0.0590551 = 2.540003; p = 0.011085.
    AccuracyComparison t = AccuracyComparison.of(AccuracyEstimate.of(85, 100), AccuracyEstimate.of(70, 100));
    assertThat(t.z()).isCloseTo(2.540003, within(1e-6));
    assertThat(t.pValue()).isCloseTo(0.011085, within(1e-6));
    assertThat(t.indistinguishable()).isFalse();
    // Yet the 95% Wilson intervals still overlap: the reason the test, not the overlap, is used.
    assertThat(t.first().overlaps(t.second())).isTrue();
  }

  @Test
  void symmetricAndDegenerateCases() {
    AccuracyComparison ab = AccuracyComparison.of(AccuracyEstimate.of(900, 1000), AccuracyEstimate.of(890, 1000));
    AccuracyComparison ba = AccuracyComparison.of(AccuracyEstimate.of(890, 1000), AccuracyEstimate.of(900, 1000));
    assertThat(ba.z()).isEqualTo(-ab.z());
    assertThat(ba.pValue()).isEqualTo(ab.pValue());
    // 900/1000 vs 890/1000: z = 0.729422, p = 0.465744.
    assertThat(ab.pValue()).isCloseTo(0.465744, within(1e-6));
    AccuracyComparison perfect = AccuracyComparison.of(AccuracyEstimate.of(10, 10), AccuracyEstimate.of(20, 20));
    assertThat(perfect.pValue()).isEqualTo(1.0);
    assertThat(perfect.indistinguishable()).isTrue();
  }

  @Test
  void erfcMatchesKnownValues() {
    // erfc(0) = 1; the 95% two-sided quantile gives p = 0.05; erfc(1) = 0.1572992; erfc(-1) = 1.8427008.
    assertThat(AccuracyComparison.erfc(0)).isCloseTo(1.0, within(2e-7));
    assertThat(AccuracyComparison.erfc(AccuracyEstimate.Z95 / Math.sqrt(2))).isCloseTo(0.05, within(1e-7));
    assertThat(AccuracyComparison.erfc(1)).isCloseTo(0.1572992, within(1e-7));
    assertThat(AccuracyComparison.erfc(-1)).isCloseTo(1.8427008, within(1e-7));
  }

  @Test
  void flagsIndistinguishableFrontNeighbours() {
    // Front by bytes: a (800), b (810), c (900), d (905) of 1000 each.
    // a-b: 10 points apart, p ~ 0.59: indistinguishable. b-c: 90 points, p << 0.05. c-d: 5 points: indistinguishable.
    List<Candidate> front = List.of(of("a", 800, 10, 1), of("b", 810, 20, 1), of("c", 900, 30, 1), of("d", 905, 40, 1));
    List<AccuracyComparison.Neighbours> pairs = AccuracyComparison.indistinguishableNeighbours(front);
    assertThat(pairs).extracting(n -> n.smaller().variantId() + "-" + n.larger().variantId()).containsExactly("a-b", "c-d");
  }
}
