package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * A measured accuracy with its 95% Wilson score interval.
 *
 * <p>Validation sets are small enough (a few thousand examples, a few hundred in the mini dataset)
 * that two variants a fraction of a point apart may not differ at all; the interval says how far
 * the true accuracy may lie from the measured one. Wilson's interval (E. B. Wilson, "Probable
 * inference, the law of succession, and statistical inference", JASA 22, 1927) stays inside [0, 1]
 * and keeps close to its nominal coverage near 0 and 1, where the normal-approximation interval
 * does not:
 *
 * <pre>
 *   centre = (p + z²/(2n)) / (1 + z²/n)
 *   half   = z · sqrt(p(1−p)/n + z²/(4n²)) / (1 + z²/n)
 * </pre>
 *
 * <p>with p = correct / n and z = 1.959963984540054, the 97.5% quantile of the standard normal.
 *
 * @param correct examples classified correctly
 * @param n examples evaluated
 * @param accuracy correct / n
 * @param low lower end of the 95% interval
 * @param high upper end of the 95% interval
 */
public record AccuracyEstimate(long correct, long n, double accuracy, double low, double high) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The two-sided 95% quantile of the standard normal distribution. */
  public static final double Z95 = 1.959963984540054;

  public AccuracyEstimate {
    if (n <= 0) {
      throw new IllegalArgumentException("accuracy needs at least one example, got n = " + n);
    }
    if (correct < 0 || correct > n) {
      throw new IllegalArgumentException("correct must be in [0, n] = [0, " + n + "], got " + correct);
    }
  }

  /** The accuracy of {@code correct} hits out of {@code n} with its 95% Wilson interval. */
  public static AccuracyEstimate of(long correct, long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("accuracy needs at least one example, got n = " + n);
    }
    if (correct < 0 || correct > n) {
      throw new IllegalArgumentException("correct must be in [0, n] = [0, " + n + "], got " + correct);
    }
    double p = (double) correct / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // Clamp rounding error only: the exact interval lies in [0, 1] and touches 0 (1) when correct = 0 (n).
    double low = correct == 0 ? 0.0 : Math.max(0.0, centre - half);
    double high = correct == n ? 1.0 : Math.min(1.0, centre + half);
    return new AccuracyEstimate(correct, n, p, low, high);
  }

  /** Half the interval's width, for "accuracy ± x" tables; the interval is not symmetric about the accuracy. */
  public double halfWidth() {
    return (high - low) / 2;
  }

  /** Whether the two 95% intervals share any point. */
  public boolean overlaps(AccuracyEstimate other) {
    return low <= other.high && other.low <= high;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f] (%d/%d)", accuracy, low, high, correct, n);
  }
}
