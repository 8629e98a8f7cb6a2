package io.edgesweep.select;

import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.SelectionRule;
import java.io.Serializable;

/**
 * The policy a pick applies: the profile's constraints and selection rule, possibly overridden.
 *
 * @param minAccuracy accuracy floor; how a variant is shown to meet it is the rule's {@link
 *     SelectionRule#floorCheck()} ({@link AccuracyFloor})
 * @param maxModelBytes the max-model-bytes policy
 * @param maxLatencyMs the latency budget
 * @param rule how the floor is checked and how max-accuracy treats ties
 */
public record SelectionLimits(double minAccuracy, long maxModelBytes, double maxLatencyMs, SelectionRule rule) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SelectionLimits {
    if (rule == null) {
      throw new IllegalArgumentException("a selection rule is required");
    }
  }

  /** Limits under the default selection rule ({@link SelectionRule#DEFAULT}). */
  public SelectionLimits(double minAccuracy, long maxModelBytes, double maxLatencyMs) {
    this(minAccuracy, maxModelBytes, maxLatencyMs, SelectionRule.DEFAULT);
  }

  /** The device profile's own policy. */
  public static SelectionLimits of(DeviceProfile device) {
    return new SelectionLimits(device.constraints().accuracyFloor(), device.constraints().maxModelBytes(), device.constraints().latencyBudgetMs(),
        device.constraints().selection());
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
        overrides.maxLatencyMs() != null ? overrides.maxLatencyMs() : maxLatencyMs,
        overrides.floorConfidence() != null ? rule.withFloorConfidence(overrides.floorConfidence()) : rule);
  }

  /** These limits under another selection rule. */
  public SelectionLimits with(SelectionRule other) {
    return new SelectionLimits(minAccuracy, maxModelBytes, maxLatencyMs, other);
  }
}
