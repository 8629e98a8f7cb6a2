package io.edgesweep.measure;

import io.edgesweep.InvalidInputException;
import io.edgesweep.evaluate.LatencySamples;

/**
 * Which figure of a row's repeated timings the host check reports and fits: the median, the 10th
 * percentile or the minimum of the calls the timing thread ran undisturbed.
 *
 * <p>The median of undisturbed calls is the default: on a quiet machine nearly every call is
 * undisturbed and it is the steady-state latency a sweep sees, so profiles fitted to it before stay
 * comparable; on a busy one the calls during which the thread lost its core are already dropped
 * (see {@link LatencyMeter}). The low percentile and the minimum are more robust still to what
 * that filter cannot see (a neighbour thrashing the shared cache), at the price of estimating a
 * best case rather than a typical one.
 */
public enum LatencyStatistic {
  MEDIAN("median"),
  P10("p10"),
  MIN("min");

  private final String name;

  LatencyStatistic(String name) {
    this.name = name;
  }

  /** The figure of these samples, in ms. */
  public double of(LatencySamples samples) {
    return switch (this) {
      case MEDIAN -> samples.medianMs();
      case P10 -> samples.p10Ms();
      case MIN -> samples.percentile(0);
    };
  }

  /** Parses the command-line spelling. */
  public static LatencyStatistic parse(String text) {
    for (LatencyStatistic s : values()) {
      if (s.name.equals(text)) {
        return s;
      }
    }
    throw new InvalidInputException("--statistic", null, "unknown statistic '" + text + "'; use median, p10 or min");
  }

  @Override
  public String toString() {
    return name;
  }
}
