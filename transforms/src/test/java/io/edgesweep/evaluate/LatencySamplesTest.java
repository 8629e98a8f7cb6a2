package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
  @Test
  void percentilesInterpolateAsNumpyDoes() {
    // numpy.percentile([1..10], [10, 50, 90]) = [1.9, 5.5, 9.1]
    LatencySamples s = new LatencySamples(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    assertThat(s.p10Ms()).isCloseTo(1.9, within(1e-12));
    assertThat(s.medianMs()).isCloseTo(5.5, within(1e-12));
    assertThat(s.p90Ms()).isCloseTo(9.1, within(1e-12));
    assertThat(s.relativeSpread()).isCloseTo(7.2 / 5.5, within(1e-12));
    assertThat(s.millis()).startsWith(1, 2, 3);
  }

  @Test
  void aSingleTimingIsItsOwnMedianAndNanosBecomeMillis() {
    LatencySamples s = LatencySamples.ofNanos(new long[] {2_500_000});
    assertThat(s.medianMs()).isEqualTo(2.5);
    assertThat(s.p10Ms()).isEqualTo(2.5);
    assertThat(s.count()).isEqualTo(1);
  }

  @Test
  void refusesNoTimingsAndNegativeOnes() {
    assertThatThrownBy(() -> new LatencySamples(new double[0])).hasMessageContaining("no timings");
    assertThatThrownBy(() -> new LatencySamples(new double[] {1, -1})).hasMessageContaining("≥ 0");
  }
}
