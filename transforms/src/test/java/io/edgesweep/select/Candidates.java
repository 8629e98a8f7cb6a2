package io.edgesweep.select;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Precision;
import java.util.EnumSet;
import java.util.List;

/** Hand-made candidates for selection tests: accuracy as correct out of 1000. */
final class Candidates {
  private Candidates() {}

  static Candidate of(String id, int correctOf1000, long bytes, double latencyMs) {
    return of(id, correctOf1000, bytes, latencyMs, 1.0);
  }

  static Candidate of(String id, int correctOf1000, long bytes, double latencyMs, double energy) {
    return new Candidate(id, AccuracyEstimate.of(correctOf1000, 1000), bytes, latencyMs, energy, 100, List.of(Precision.INT8), "dense",
        EnumSet.noneOf(Constraint.class));
  }

  static Candidate breaking(String id, int correctOf1000, long bytes, double latencyMs, Constraint hardware) {
    return new Candidate(id, AccuracyEstimate.of(correctOf1000, 1000), bytes, latencyMs, 1.0, 100, List.of(Precision.INT8), "dense",
        EnumSet.of(hardware));
  }
}
