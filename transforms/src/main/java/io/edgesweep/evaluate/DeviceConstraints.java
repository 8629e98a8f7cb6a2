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
 * @param overriddenBy null when these are the profile's own values; otherwise which sweep spec
 *     replaced them and what the profile said, so a pick never hides that its policy was not the
 *     profile's
 */
public record DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes, SelectionRule selection, SpecOverride overriddenBy)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A sweep spec's {@code constraints.<device>} entry replaced some of the profile's policy for that
   * sweep only.
   *
   * @param spec the sweep spec file that replaced them
   * @param profile the profile's own policy, as written in its file
   */
  public record SpecOverride(String spec, DeviceConstraints profile) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Constraints under the default selection rule. */
  public DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes) {
    this(latencyBudgetMs, accuracyFloor, maxModelBytes, SelectionRule.DEFAULT);
  }

  /** A profile's own constraints. */
  public DeviceConstraints(double latencyBudgetMs, double accuracyFloor, long maxModelBytes, SelectionRule selection) {
    this(latencyBudgetMs, accuracyFloor, maxModelBytes, selection, null);
  }

  /**
   * These constraints with each non-null value in place of the current one, recording the spec
   * that replaced them. The selection rule (floor check and confidence) is never replaced here: a
   * sweep may ask for a lower floor, not for weaker evidence that the floor holds.
   */
  public DeviceConstraints overriddenBy(String spec, Double accuracy, Double latencyMs, Long modelBytes) {
    DeviceConstraints own = overriddenBy == null ? this : overriddenBy.profile();
    return new DeviceConstraints(latencyMs != null ? latencyMs : latencyBudgetMs, accuracy != null ? accuracy : accuracyFloor,
        modelBytes != null ? modelBytes : maxModelBytes, selection, new SpecOverride(spec, own));
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
