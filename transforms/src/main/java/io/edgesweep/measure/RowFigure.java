package io.edgesweep.measure;

import io.edgesweep.evaluate.LatencySamples;
import java.util.SplittableRandom;

/**
 * The latency one row reports, how far it can be trusted, and how much of the timing the machine
 * disturbed.
 *
 * <p>The noise is the bootstrap standard error of the figure relative to the figure: the
 * undisturbed timings are resampled with replacement 200 times (seeded) and the statistic
 * recomputed each time. It says how much the figure would move if the same measurement were
 * repeated under the same conditions: a row whose noise is 12.5% or more cannot be checked against
 * a ±25% band at all.
 *
 * @param ms the statistic of the undisturbed timings (of all timings when too few were undisturbed)
 * @param noise the bootstrap standard error of {@code ms}, relative to it
 * @param undisturbedShare the fraction of timed calls during which the timing thread kept its core,
 *     NaN where the JVM cannot measure thread CPU time
 * @param statistic the statistic {@code ms} is
 */
public record RowFigure(double ms, double noise, double undisturbedShare, LatencyStatistic statistic) {
  /** Bootstrap resamples per row. */
  static final int RESAMPLES = 200;
  /** A row noisier than this cannot be checked against the ±25% band. */
  public static final double TOO_NOISY = 0.125;
  /** Fewer undisturbed calls than this share of the timed ones, and the row falls back to all of them. */
  static final double MIN_UNDISTURBED = 0.2;

  /** Whether the row's figure is too noisy to check against ±25%. */
  public boolean tooNoisy() {
    return !(noise < TOO_NOISY);
  }

  /** Whether the thread kept its core for too few calls, so that the figure fell back to all calls, disturbed ones included. */
  public boolean tooDisturbed() {
    return undisturbedShare < MIN_UNDISTURBED;
  }

  /** A row the fit must not use and the check cannot judge: too noisy or too disturbed. */
  public boolean unreliable() {
    return tooNoisy() || tooDisturbed();
  }

  /**
   * The figure of a row from its timings.
   *
   * @param all every timed call
   * @param undisturbed the calls during which the thread kept its core, or null where unknown
   */
  static RowFigure of(LatencySamples all, LatencySamples undisturbed, LatencyStatistic statistic, long seed) {
    double share = undisturbed == null ? Double.NaN : (double) undisturbed.count() / all.count();
    LatencySamples used = undisturbed != null && undisturbed.count() >= Math.max(5, MIN_UNDISTURBED * all.count()) ? undisturbed : all;
    double figure = statistic.of(used);
    return new RowFigure(figure, figure == 0 ? 0 : bootstrapSe(used, statistic, seed) / figure, share, statistic);
  }

  private static double bootstrapSe(LatencySamples samples, LatencyStatistic statistic, long seed) {
    double[] values = samples.millis();
    SplittableRandom random = new SplittableRandom(seed);
    double[] draw = new double[values.length];
    double sum = 0;
    double sumSquares = 0;
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < draw.length; i++) {
        draw[i] = values[random.nextInt(values.length)];
      }
      double s = statistic.of(new LatencySamples(draw));
      sum += s;
      sumSquares += s * s;
    }
    double mean = sum / RESAMPLES;
    return Math.sqrt(Math.max(0, sumSquares / RESAMPLES - mean * mean) * RESAMPLES / (RESAMPLES - 1));
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %.4f ms ±%.1f%% (%.0f%% undisturbed)", statistic, ms, 100 * noise, 100 * undisturbedShare);
  }

}
