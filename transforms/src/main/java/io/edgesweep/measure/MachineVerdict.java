package io.edgesweep.measure;

import java.util.List;
import java.util.Locale;

/**
 * Whether the machine was quiet enough while timing for the host check's figures to mean anything,
 * and the sentence that says so.
 *
 * <p>Judged from the measurement itself, not from the load average alone: the figure of a row that
 * dropped its disturbed calls can be sound on a loaded machine. The evidence, in order:
 *
 * <ul>
 *   <li><b>too busy</b> when a fifth or more of the rows are unreliable (too noisy to check against
 *       ±25%, {@link RowFigure#TOO_NOISY}, or measured undisturbed for under a fifth of their calls),
 *       or when in the median row the timing thread kept its core
 *       for fewer than half of its calls: the machine gave it less than the one core it needs, and
 *       whatever was not dropped was measured alongside a neighbour;
 *   <li><b>busy</b> when the load average left by others (the mean 1-minute load while timing, less
 *       the timing threads) reaches half the cores, or some rows are too noisy: the figures stand,
 *       with the noise column to say how far;
 *   <li><b>quiet</b> otherwise.
 * </ul>
 *
 * @param level the verdict
 * @param statement one or two sentences a user reads first and last in the output
 */
public record MachineVerdict(Level level, String statement) {
  /** How quiet the machine was. */
  public enum Level {
    QUIET,
    BUSY,
    TOO_BUSY
  }

  /** A fifth of the rows too noisy makes the whole check too noisy. */
  static final double NOISY_ROWS = 0.2;

  public boolean tooBusy() {
    return level == Level.TOO_BUSY;
  }

  /**
   * Judges a measurement.
   *
   * @param figures every row's figure
   * @param meanLoad the mean 1-minute load average while timing, NaN where unknown
   * @param threads the timing threads (PyTorch intra-op threads)
   * @param cores the machine's cores
   */
  public static MachineVerdict judge(List<RowFigure> figures, double meanLoad, int threads, int cores) {
    long noisy = figures.stream().filter(RowFigure::unreliable).count();
    double noisyShare = figures.isEmpty() ? 0 : (double) noisy / figures.size();
    double[] shares = figures.stream().mapToDouble(RowFigure::undisturbedShare).filter(s -> !Double.isNaN(s)).sorted().toArray();
    double medianShare = shares.length == 0 ? Double.NaN : shares[shares.length / 2];
    double[] noise = figures.stream().mapToDouble(RowFigure::noise).sorted().toArray();
    double medianNoise = noise.length == 0 ? 0 : noise[noise.length / 2];
    double others = Double.isNaN(meanLoad) ? Double.NaN : Math.max(0, meanLoad - threads);
    String evidence = String.format(Locale.ROOT,
        "1-minute load %.2f on %d cores while timing (others about %.1f besides the %d timing thread%s); the timing thread kept its core "
            + "for %s of its calls in the median row; median row noise ±%.1f%%; %d of %d rows unreliable (noisier than ±%.1f%% or "
            + "undisturbed for under a fifth of their calls)",
        meanLoad, cores, others, threads, threads == 1 ? "" : "s", Double.isNaN(medianShare) ? "an unknown share" : String.format(Locale.ROOT, "%.0f%%", 100 * medianShare),
        100 * medianNoise, noisy, figures.size(), 100 * RowFigure.TOO_NOISY);
    if (noisyShare >= NOISY_ROWS || medianShare < 0.5) {
      return new MachineVerdict(Level.TOO_BUSY, "THE MACHINE WAS TOO BUSY for these figures to mean anything: " + evidence
          + ". Do not fit or trust a profile from this run; rerun when `uptime` shows a load well below the core count.");
    }
    if (others >= cores / 2.0 || noisy > 0) {
      return new MachineVerdict(Level.BUSY, "The machine was busy: " + evidence
          + ". Disturbed calls were dropped; the figures stand, each within its noise column, except the rows marked ! (left out of the fit).");
    }
    return new MachineVerdict(Level.QUIET, "The machine was quiet enough: " + evidence + ".");
  }
}
