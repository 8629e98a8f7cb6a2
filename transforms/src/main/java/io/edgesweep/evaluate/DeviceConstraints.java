package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * A device class's policy: what a variant must achieve to be shipped to it.
 *
 * <p>These are choices, not measurements; each profile says in a comment why it chose its values,
 * and {@code edgesweep pick} may override them.
 *
 * @param latencyBudgetMs the longest acceptable batch-1 latency, in milliseconds
 * @param accuracyFloor the lowest acceptable validation accuracy, in [0, 1]
 * @param maxModelBytes the largest acceptable stored model, in bytes
 */
public record DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes) implements Serializable {
  private static final long serialVersionUID = 1L;

  public DeviceConstraints {
    if (!(latencyBudgetMs > 0) || Double.isInfinite(latencyBudgetMs)) {
      throw new IllegalArgumentException("latency budget must be a positive number of ms, got " + latencyBudgetMs);
    }
    if (!(accuracyFloor >= 0 && accuracyFloor <= 1)) {
      throw new IllegalArgumentException("accuracy floor must be in [0, 1], got " + accuracyFloor);
    }
    if (maxModelBytes <= 0) {
      throw new IllegalArgumentException("max model bytes must be positive, got " + maxModelBytes);
    }
  }
}
