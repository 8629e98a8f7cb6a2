package io.edgesweep.select;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;

/**
 * Policy values given at pick time in place of the device profile's, as {@code edgesweep pick
 * --min-accuracy --max-bytes --max-latency-ms --floor-confidence} passes them.
 *
 * <p>A null field keeps the profile's value. Overrides replace the policy only: a larger {@code
 * maxBytes} does not make a model fit storage the device does not have, nor RAM.
 *
 * @param minAccuracy accuracy floor in [0, 1], or null
 * @param maxBytes largest model in bytes, or null
 * @param maxLatencyMs latency budget in ms, or null
 * @param floorConfidence the confidence the floor must hold with (the Holm check), or null
 */
public record ConstraintOverrides(Double minAccuracy, Long maxBytes, Double maxLatencyMs, Double floorConfidence) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Overrides of the three limits, the profile's floor confidence kept. */
  public ConstraintOverrides(Double minAccuracy, Long maxBytes, Double maxLatencyMs) {
    this(minAccuracy, maxBytes, maxLatencyMs, null);
  }

  public ConstraintOverrides {
    if (floorConfidence != null && !(floorConfidence >= 0.5 && floorConfidence < 1)) {
      throw new InvalidInputException("--floor-confidence", null, "must be in [0.5, 1), got " + floorConfidence);
    }
    if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new InvalidInputException("--min-accuracy", null, "must be in [0, 1], got " + minAccuracy);
    }
    if (maxBytes != null && maxBytes <= 0) {
      throw new InvalidInputException("--max-bytes", null, "must be positive, got " + maxBytes);
    }
    if (maxLatencyMs != null && !(maxLatencyMs > 0 && Double.isFinite(maxLatencyMs))) {
      throw new InvalidInputException("--max-latency-ms", null, "must be a positive number, got " + maxLatencyMs);
    }
  }

  /** No overrides: the profile's policy as written. */
  public static ConstraintOverrides none() {
    return new ConstraintOverrides(null, null, null);
  }
}
