package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.SelectionRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Selection for one device: drop what breaks its constraints, take the Pareto front of the rest,
 * pick by its objective.
 *
 * <p>The accuracy floor is checked last and over all the variants that meet every other constraint
 * at once ({@link AccuracyFloor}), so that the floor holds for the pick with the rule's confidence
 * however many variants were compared. The pick is then the best front member under {@link
 * PickOrder}. For max-accuracy, min-bytes and min-latency that is also the best feasible variant
 * overall (the tie-break makes the winner non-dominated); for min-energy it is the least-energy
 * variant on the (accuracy, bytes, latency) front, which DESIGN.md fixes as the set picks come
 * from. Under the tie rule {@code cheapest-indistinguishable}, max-accuracy takes instead the
 * cheapest front member whose accuracy a two-proportion test cannot tell from the best's.
 */
public final class DeviceSelection {
  private DeviceSelection() {}

  /** Selects for a device under its own policy. */
  public static DevicePick select(DeviceProfile device, Collection<Candidate> candidates) {
    return select(device, candidates, ConstraintOverrides.none());
  }

  /** Selects for a device with some of its policy overridden, as {@code edgesweep pick} does. */
  public static DevicePick select(DeviceProfile device, Collection<Candidate> candidates, ConstraintOverrides overrides) {
    return select(device.id(), device.objective(), SelectionLimits.of(device, overrides), candidates);
  }

  /** Selects under explicit limits and objective. */
  public static DevicePick select(String deviceId, Objective objective, SelectionLimits limits, Collection<Candidate> candidates) {
    requireUniqueIds(deviceId, candidates);
    Outcome outcome = pick(candidates, limits, objective, null);
    Set<Constraint> binding = EnumSet.noneOf(Constraint.class);
    for (Constraint lifted : Constraint.values()) {
      Candidate without = pick(candidates, limits, objective, lifted).pick();
      if (!Objects.equals(id(without), id(outcome.pick()))) {
        binding.add(lifted);
      }
    }
    return new DevicePick(deviceId, objective, limits, candidates.size(), outcome.violations(), outcome.front(), outcome.pick(), binding,
        outcome.floor().summary(outcome.pick()), outcome.mostAccurate());
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

  private static void requireUniqueIds(String deviceId, Collection<Candidate> candidates) {
    Set<String> seen = new HashSet<>();
    for (Candidate c : candidates) {
      if (!seen.add(c.variantId())) {
        throw new IllegalArgumentException(deviceId + ": variant id " + c.variantId() + " appears twice among the candidates");
      }
    }
  }
}
