package io.edgesweep.evaluate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Repeated timings of one model at one batch size, summarised robustly.
 *
 * <p>A shared machine's timings have a long right tail (preemption, page faults, a neighbour's
 * build), so the summary is the median with the 10th and 90th percentiles as its spread, never
 * the mean. Percentiles interpolate linearly between order statistics, as NumPy's default
 * ({@code numpy.percentile(x, q)}) does, so a reader can recompute them from the raw timings.
 *
 * @param millis the timings in milliseconds, sorted ascending
 */
public record LatencySamples(double[] millis) implements Serializable {
  private static final long serialVersionUID = 1L;

  public LatencySamples {
    if (millis == null || millis.length == 0) {
      throw new IllegalArgumentException("no timings");
    }
    millis = millis.clone();
    Arrays.sort(millis);
    for (double m : millis) {
      if (!(m >= 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("a timing must be a finite number of milliseconds ≥ 0, got " + m);
      }
    }
  }

  /** Timings given in nanoseconds, as {@link System#nanoTime()} differences. */
  public static LatencySamples ofNanos(long[] nanos) {
    double[] ms = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      ms[i] = nanos[i] / 1e6;
    }
    return new LatencySamples(ms);
  }

  @Override
  public double[] millis() {
    return millis.clone();
  }

  public int count() {
    return millis.length;
  }

  /** The q-th percentile, q in [0, 100], interpolated linearly between the sorted timings. */
  public double percentile(double q) {
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], got " + q);
    }
    double position = q / 100 * (millis.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, millis.length - 1);
    double fraction = position - below;
    return millis[below] + fraction * (millis[above] - millis[below]);
  }

  public double medianMs() {
    return percentile(50);
  }

  public double p10Ms() {
    return percentile(10);
  }

  public double p90Ms() {
    return percentile(90);
  }

  /** (p90 − p10) / median: how far the middle 80% of the timings spread, relative to the median. */
  public double relativeSpread() {
    double median = medianMs();
    return median == 0 ? 0 : (p90Ms() - p10Ms()) / median;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencySamples s && Arrays.equals(millis, s.millis);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(millis);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "median %.4f ms (p10 %.4f, p90 %.4f, n=%d)", medianMs(), p10Ms(), p90Ms(), count());
  }
}
