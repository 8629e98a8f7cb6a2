package io.edgesweep.select;

import io.edgesweep.evaluate.DeviceProfile;
import java.io.Serializable;

/**
 * The policy bounds a pick applies: the profile's constraints, possibly overridden.
 *
 * @param minAccuracy accuracy floor; a variant passes when its measured accuracy is at least this
 *     (the point estimate, not the interval's lower end)
 * @param maxModelBytes the max-model-bytes policy
 * @param maxLatencyMs the latency budget
 */
public record SelectionLimits(double minAccuracy, long maxModelBytes, double maxLatencyMs) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The device profile's own policy. */
  public static SelectionLimits of(DeviceProfile device) {
    return new SelectionLimits(device.constraints().accuracyFloor(), device.constraints().maxModelBytes(), device.constraints().latencyBudgetMs());
  }

  /** The profile's policy with the given overrides applied. */
  public static SelectionLimits of(DeviceProfile device, ConstraintOverrides overrides) {
    return of(device).with(overrides);
  }

  /** These limits with each non-null override in place of the current value. */
  public SelectionLimits with(ConstraintOverrides overrides) {
    return new SelectionLimits(
        overrides.minAccuracy() != null ? overrides.minAccuracy() : minAccuracy,
        overrides.maxBytes() != null ? overrides.maxBytes() : maxModelBytes,
        overrides.maxLatencyMs() != null ? overrides.maxLatencyMs() : maxLatencyMs);
  }
}
