package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NonNegativeLeastSquaresTest {
  @Test
  void matchesUnconstrainedLeastSquaresWhenItsAnswerIsPositive() {
    // y = 2 + 3x at x = 0, 1, 2: exact.
    double[] x = NonNegativeLeastSquares.solve(new double[][] {{1, 0}, {1, 1}, {1, 2}}, new double[] {2, 5, 8});
    assertThat(x[0]).isCloseTo(2, within(1e-12));
    assertThat(x[1]).isCloseTo(3, within(1e-12));
  }

  @Test
  void clampsACoefficientThatWouldGoNegative() {
    // Unconstrained: x = (1, -1). With x2 ≥ 0: x2 = 0 and x1 minimises (x1 - 1)² + 1 + x1², so x1 = 0.5.
    double[] x = NonNegativeLeastSquares.solve(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {1, -1, 0});
    assertThat(x[0]).isCloseTo(0.5, within(1e-12));
    assertThat(x[1]).isEqualTo(0);
  }

  @Test
  void copesWithColumnsOfVeryDifferentScale() {
    // Layer counts beside value counts a million times larger, as in the host fit.
    double[][] a = {{3, 2e6}, {3, 5e6}, {2, 1e5}, {4, 9e6}};
    double[] b = new double[4];
    for (int i = 0; i < 4; i++) {
      b[i] = a[i][0] * 1e-5 + a[i][1] * 2e-9;
    }
    double[] x = NonNegativeLeastSquares.solve(a, b);
    assertThat(x[0]).isCloseTo(1e-5, within(1e-15));
    assertThat(x[1]).isCloseTo(2e-9, within(1e-19));
  }
}
