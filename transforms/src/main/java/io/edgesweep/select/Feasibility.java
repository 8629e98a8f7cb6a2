package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which constraints a candidate breaks under given limits, apart from the accuracy floor.
 *
 * <p>Hardware verdicts come with the candidate; bytes &gt; max model bytes and latency &gt; budget
 * are decided here from its numbers. Bounds are inclusive: a variant exactly at the budget fits.
 * The accuracy floor is not a property of one variant alone: whether a measured accuracy shows
 * that the floor is met depends on how many variants were compared, so {@link AccuracyFloor}
 * decides it over all of them.
 */
public final class Feasibility {
  private Feasibility() {}

  /** Every constraint other than the accuracy floor that the candidate breaks; empty when it meets them all. */
  public static Set<Constraint> violationsBesidesAccuracy(Candidate candidate, SelectionLimits limits) {
    Set<Constraint> broken = EnumSet.noneOf(Constraint.class);
    broken.addAll(candidate.hardwareViolations());
    if (candidate.bytes() > limits.maxModelBytes()) {
      broken.add(Constraint.MODEL_BYTES);
    }
    if (candidate.latencyMs() > limits.maxLatencyMs()) {
      broken.add(Constraint.LATENCY);
    }
    return broken;
  }
}
