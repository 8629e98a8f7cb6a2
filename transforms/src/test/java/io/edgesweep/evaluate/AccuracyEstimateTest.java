package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyEstimateTest {
  @Test
  void eightOfTen() {
    // p = 0.8, n = 10, z^2 = 3.841459; d = 1 + z^2/n = 1.3841459.
    // centre = (0.8 + 3.841459/20) / d = 0.9920730 / 1.3841459 = 0.7167402
    // half = 1.959964 * sqrt(0.8*0.2/10 + 3.841459/400) / d = 1.959964 * sqrt(0.0256036) / d = 0.2265777
    AccuracyEstimate a = AccuracyEstimate.of(8, 10);
    assertThat(a.accuracy()).isEqualTo(0.8);
    assertThat(a.low()).isCloseTo(0.4901625, within(1e-6));
    assertThat(a.high()).isCloseTo(0.9433178, within(1e-6));
  }

  @Test
  void fourHundredFiftyOfFiveHundred() {
    // p = 0.9, z^2/n = 0.00768292, d = 1.00768292; centre = 0.90384146 / d = 0.8969503;
    // half = 1.959964 * sqrt(0.09/500 + 3.841459/1e6) / d = 0.0263722.
    AccuracyEstimate a = AccuracyEstimate.of(450, 500);
    assertThat(a.low()).isCloseTo(0.8705781, within(1e-6));
    assertThat(a.high()).isCloseTo(0.9233224, within(1e-6));
  }

  @Test
  void endsOfTheRangeStayInsideZeroToOne() {
    // 0/10: low 0, high = (z^2/n) / d = 0.3841459 / 1.3841459 = 0.2775328.
    AccuracyEstimate none = AccuracyEstimate.of(0, 10);
    assertThat(none.low()).isZero();
    assertThat(none.high()).isCloseTo(0.2775328, within(1e-6));
    // 10/10: low = 1 / d = 0.7224672, high exactly 1.
    AccuracyEstimate all = AccuracyEstimate.of(10, 10);
    assertThat(all.low()).isCloseTo(0.7224672, within(1e-6));
    assertThat(all.high()).isEqualTo(1.0);
  }

  @Test
  void intervalHoldsTheEstimateAndNarrowsWithMoreExamples() {
    double previousWidth = 1;
    for (int n : new int[] {10, 100, 1000, 10_000}) {
      AccuracyEstimate a = AccuracyEstimate.of(n * 7 / 10, n);
      assertThat(a.low()).isLessThanOrEqualTo(a.accuracy());
      assertThat(a.high()).isGreaterThanOrEqualTo(a.accuracy());
      assertThat(a.high() - a.low()).isLessThan(previousWidth);
      previousWidth = a.high() - a.low();
    }
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> AccuracyEstimate.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccuracyEstimate.of(11, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccuracyEstimate.of(-1, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overlapIsSymmetric() {
    AccuracyEstimate a = AccuracyEstimate.of(80, 100);
    AccuracyEstimate b = AccuracyEstimate.of(70, 100);
    AccuracyEstimate c = AccuracyEstimate.of(20, 100);
    assertThat(a.overlaps(b)).isTrue();
    assertThat(b.overlaps(a)).isTrue();
    assertThat(a.overlaps(c)).isFalse();
    assertThat(c.overlaps(a)).isFalse();
  }
}
