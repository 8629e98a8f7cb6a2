package io.edgesweep.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.Precision;
import io.edgesweep.evaluate.SelectionRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Selection decides each candidate's constraints once and skips the counterfactual picks that
 * cannot differ; it must give exactly the picks of the plain way, kept here as the oracle: every
 * constraint decided afresh for the pick and for each lifted constraint.
 */
class DeviceSelectionReworkTest {
  @Test
  void theSamePicksAsDecidingEveryConstraintAgainForEachPick() {
    Random random = new Random(2026);
    List<Constraint> hardware = List.of(Constraint.WEIGHT_PRECISION, Constraint.STORAGE, Constraint.RAM);
    List<SelectionRule> rules = List.of(SelectionRule.DEFAULT, SelectionRule.POINT_ESTIMATE,
        SelectionRule.DEFAULT.withTies(SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE, SelectionRule.Cost.LATENCY),
        SelectionRule.DEFAULT.withFloorConfidence(0.5));
    int bindingSeen = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(trial % 10 == 0 ? 2_000 : 60);
      List<Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Set<Constraint> broken = EnumSet.noneOf(Constraint.class);
        for (Constraint c : hardware) {
          if (random.nextDouble() < 0.1 * (trial % 4)) {
            broken.add(c);
          }
        }
        candidates.add(new Candidate("v" + i, AccuracyEstimate.of(600 + random.nextInt(350), 1000), 10 + random.nextInt(2_000),
            0.5 + 20 * random.nextDouble(), random.nextDouble(), 100, List.of(Precision.INT8), "dense", broken));
      }
      // Limits from none binding to most candidates out.
      SelectionLimits limits = new SelectionLimits(random.nextDouble() < 0.3 ? 0 : 0.6 + 0.3 * random.nextDouble(),
          random.nextDouble() < 0.3 ? Long.MAX_VALUE : 10 + random.nextInt(2_000), random.nextDouble() < 0.3 ? 1e9 : 0.5 + 20 * random.nextDouble(),
          rules.get(random.nextInt(rules.size())));
      Objective objective = Objective.values()[random.nextInt(Objective.values().length)];
      Oracle.Expected expected = Oracle.select(objective, limits, candidates);
      DevicePick actual = DeviceSelection.select("d", objective, limits, candidates);
      assertThat(actual.pick()).as("trial %d: pick", trial).isEqualTo(expected.pick());
      assertThat(actual.binding()).as("trial %d: binding", trial).isEqualTo(expected.binding());
      assertThat(actual.violations()).as("trial %d: violations", trial).isEqualTo(expected.violations());
      assertThat(actual.front()).as("trial %d: front", trial).isEqualTo(expected.front());
      assertThat(actual.mostAccurate()).as("trial %d: most accurate", trial).isEqualTo(expected.mostAccurate());
      assertThat(actual.floor()).as("trial %d: floor", trial).isEqualTo(expected.floor());
      bindingSeen += expected.binding().size();
    }
    assertThat(bindingSeen).as("binding constraints among the trials").isGreaterThan(100);
  }

  /** DeviceSelection as it was before its rework (4d75a01): every constraint decided afresh for each pick. */
  private static final class Oracle {
    record Expected(Candidate pick, Set<Constraint> binding, Map<String, Set<Constraint>> violations, List<Candidate> front,
        Candidate mostAccurate, AccuracyFloor.Summary floor) {}

    static Expected select(Objective objective, SelectionLimits limits, Collection<Candidate> candidates) {
      Outcome outcome = pick(candidates, limits, objective, null);
      Set<Constraint> binding = EnumSet.noneOf(Constraint.class);
      for (Constraint lifted : Constraint.values()) {
        if (!Objects.equals(id(pick(candidates, limits, objective, lifted).pick()), id(outcome.pick()))) {
          binding.add(lifted);
        }
      }
      return new Expected(outcome.pick(), binding, outcome.violations(), outcome.front(), outcome.mostAccurate(),
          outcome.floor().summary(outcome.pick()));
    }

    private record Outcome(Map<String, Set<Constraint>> violations, List<Candidate> front, Candidate pick, AccuracyFloor.Verdicts floor,
        Candidate mostAccurate) {}

    private static Outcome pick(Collection<Candidate> candidates, SelectionLimits limits, Objective objective, Constraint lifted) {
      Map<String, Set<Constraint>> violations = new LinkedHashMap<>();
      List<Candidate> compared = new ArrayList<>();
      Set<String> comparedIds = new HashSet<>();
      for (Candidate c : candidates) {
        Set<Constraint> broken = Feasibility.violationsBesidesAccuracy(c, limits);
        if (lifted != null) {
          broken.remove(lifted);
        }
        if (broken.isEmpty()) {
          compared.add(c);
          comparedIds.add(c.variantId());
        }
        violations.put(c.variantId(), broken);
      }
      AccuracyFloor.Verdicts floor = lifted == Constraint.ACCURACY ? null : AccuracyFloor.check(compared, limits.minAccuracy(), limits.rule());
      List<Candidate> feasible = new ArrayList<>();
      for (Candidate c : compared) {
        if (floor == null || floor.meetsFloor(c)) {
          feasible.add(c);
        } else {
          violations.get(c.variantId()).add(Constraint.ACCURACY);
        }
      }
      for (Candidate c : candidates) {
        if (floor != null && !comparedIds.contains(c.variantId()) && c.accuracyValue() < limits.minAccuracy()) {
          violations.get(c.variantId()).add(Constraint.ACCURACY);
        }
      }
      violations.values().removeIf(Set::isEmpty);
      List<Candidate> front = ParetoFront.of(feasible);
      Candidate best = front.stream().min(PickOrder.of(objective)).orElse(null);
      Candidate pick = best;
      if (best != null && objective == Objective.MAX_ACCURACY && limits.rule().accuracyTies() == SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE) {
        pick = front.stream()
            .filter(c -> AccuracyComparison.of(best.accuracy(), c.accuracy()).indistinguishable())
            .min(PickOrder.cheapestFirst(limits.rule().cheapestBy()))
            .orElse(best);
      }
      return new Outcome(violations, front, pick, floor, best);
    }

    private static String id(Candidate c) {
      return c == null ? null : c.variantId();
    }
  }
}
