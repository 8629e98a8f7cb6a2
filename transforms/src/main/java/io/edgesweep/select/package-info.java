/**
 * Choosing a variant per device: feasibility, the Pareto front and the pick.
 *
 * <p>Lives here: {@link io.edgesweep.select.Candidate}, the small plain record a variant is
 * reduced to for selection; {@link io.edgesweep.select.SelectionLimits} and the pick-time
 * overrides; {@link io.edgesweep.select.ParetoFront}; {@link io.edgesweep.select.DeviceSelection},
 * which applies a device's constraints and objective; and {@link
 * io.edgesweep.select.AccuracyComparison}, which tells when two accuracies are statistically
 * indistinguishable.
 *
 * <p>Must not live here: computing any metric (that is {@code evaluate}), Beam, DJL or file
 * formats. Selection only compares numbers it is given, deterministically: the same candidates
 * always give the same front and the same pick.
 */
package io.edgesweep.select;
