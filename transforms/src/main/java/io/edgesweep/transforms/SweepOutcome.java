package io.edgesweep.transforms;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.select.AccuracyComparison;
import io.edgesweep.select.DevicePick;
import java.io.Serializable;
import java.util.List;

/**
 * The result of a sweep: every variant, and per device the front, the pick and its test accuracy.
 *
 * @param variants every variant in grid order
 * @param devices one outcome per device profile, in the spec's order
 */
public record SweepOutcome(List<VariantResult> variants, List<DeviceOutcome> devices) implements Serializable {

  /**
   * Selection for one device.
   *
   * @param picked the picked variant's row, or null when no variant is feasible
   * @param testAccuracy the pick's accuracy on the test split (never used to choose), or null
   * @param indistinguishable front neighbours whose validation accuracies a two-proportion test
   *     cannot tell apart
   */
  public record DeviceOutcome(
      DeviceProfile device,
      DevicePick pick,
      VariantResult picked,
      AccuracyEstimate testAccuracy,
      List<AccuracyComparison.Neighbours> indistinguishable)
      implements Serializable {}
}
