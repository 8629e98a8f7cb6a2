package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * What a device draws while it runs an inference and while it waits, from a datasheet or a
 * published measurement (each profile cites which).
 *
 * <p>The power a chip draws while it computes, times how long it computes, is most of the energy
 * of an inference on every class of device: an MCU running from flash draws milliwatts for
 * milliseconds, microjoules, against the nanojoules the arithmetic itself costs. So energy per
 * inference is active power × latency, plus the arithmetic and data-movement terms where they add
 * information ({@code docs/cost-model.md}, "Energy").
 *
 * @param activeWatts the whole device's power while it runs inference (run mode at the profile's
 *     clock), in watts
 * @param idleWatts its power while it waits between inferences, in watts, or null where no figure
 *     was found; not part of energy per inference, reported for duty-cycle budgets
 */
public record DevicePower(double activeWatts, Double idleWatts) implements Serializable {
  private static final long serialVersionUID = 1L;

  public DevicePower {
    if (!(activeWatts > 0) || Double.isInfinite(activeWatts)) {
      throw new IllegalArgumentException("active power must be a positive number of watts, got " + activeWatts);
    }
    if (idleWatts != null && !(idleWatts >= 0 && idleWatts <= activeWatts)) {
      throw new IllegalArgumentException("idle power must be in [0, active power " + activeWatts + "] W, got " + idleWatts);
    }
  }

  /** The energy of running for {@code seconds} at active power. */
  public double activeJoules(double seconds) {
    return activeWatts * seconds;
  }
}
