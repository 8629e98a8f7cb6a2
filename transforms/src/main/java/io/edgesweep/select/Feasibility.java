package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which constraints a candidate breaks under given limits.
 *
 * <p>Hardware verdicts come with the candidate; the policy ones are decided here from its numbers:
 * bytes &gt; max model bytes, latency &gt; budget, accuracy &lt; floor. Bounds are inclusive: a
 * variant exactly at the budget fits.
 */
public final class Feasibility {
  private Feasibility() {}

  /** Every constraint the candidate breaks; empty when it is feasible. */
  public static Set<Constraint> violations(Candidate candidate, SelectionLimits limits) {
    Set<Constraint> broken = EnumSet.noneOf(Constraint.class);
    broken.addAll(candidate.hardwareViolations());
    if (candidate.bytes() > limits.maxModelBytes()) {
      broken.add(Constraint.MODEL_BYTES);
    }
    if (candidate.latencyMs() > limits.maxLatencyMs()) {
      broken.add(Constraint.LATENCY);
    }
    if (candidate.accuracyValue() < limits.minAccuracy()) {
      broken.add(Constraint.ACCURACY);
    }
    return broken;
  }
}
