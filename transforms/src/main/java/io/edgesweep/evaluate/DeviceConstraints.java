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
 * @param selection how the floor is checked and how accuracy ties are broken
 */
public record DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes, SelectionRule selection) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Constraints under the default selection rule. */
  public DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes) {
    this(latencyBudgetMs, accuracyFloor, maxModelBytes, SelectionRule.DEFAULT);
  }

  public DeviceConstraints {
    if (!(latencyBudgetMs > 0) || Double.isInfinite(latencyBudgetMs)) {
      throw new IllegalArgumentException("latency budget must be a positive number of ms, got " + latencyBudgetMs);
    }
    if (!(accuracyFloor >= 0 && accuracyFloor <= 1)) {
      throw new IllegalArgumentException("accuracy floor must be in [0, 1], got " + accuracyFloor);
    }
    if (selection == null) {
      throw new IllegalArgumentException("a selection rule is required");
    }
    if (maxModelBytes <= 0) {
      throw new IllegalArgumentException("max model bytes must be positive, got " + maxModelBytes);
    }
  }
}
