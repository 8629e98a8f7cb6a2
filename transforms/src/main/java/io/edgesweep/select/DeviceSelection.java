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
    List<Candidate> all = List.copyOf(candidates);
    // Each candidate's constraints besides the floor, decided once: the pick and each lifted
    // constraint's counterfactual pick read them (at ten thousand variants, deciding them again
    // for each of the seven picks was a fifth of selection).
    List<Set<Constraint>> broken = new ArrayList<>(all.size());
    Set<Constraint> brokenByAny = EnumSet.noneOf(Constraint.class);
    for (Candidate c : all) {
      Set<Constraint> b = Feasibility.violationsBesidesAccuracy(c, limits);
      broken.add(b);
      brokenByAny.addAll(b);
    }
    Outcome outcome = pick(all, broken, limits, objective);
    Set<Constraint> binding = EnumSet.noneOf(Constraint.class);
    for (Constraint lifted : Constraint.values()) {
      // Lifting a constraint no candidate breaks compares the same candidates: the same pick.
      if (lifted != Constraint.ACCURACY && !brokenByAny.contains(lifted)) {
        continue;
      }
      Candidate without = pickWithout(all, broken, limits, objective, lifted);
      if (!Objects.equals(id(without), id(outcome.pick()))) {
        binding.add(lifted);
      }
    }
    return new DevicePick(deviceId, objective, limits, candidates.size(), outcome.violations(), outcome.front(), outcome.pick(), binding,
        outcome.floor().summary(outcome.pick()), outcome.mostAccurate());
  }

  private record Outcome(Map<String, Set<Constraint>> violations, List<Candidate> front, Candidate pick, AccuracyFloor.Verdicts floor,
      Candidate mostAccurate) {}

  /** The pick under every constraint, with what each candidate breaks. */
  private static Outcome pick(List<Candidate> candidates, List<Set<Constraint>> broken, SelectionLimits limits, Objective objective) {
    Map<String, Set<Constraint>> violations = new LinkedHashMap<>();
    List<Candidate> compared = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      Set<Constraint> b = EnumSet.noneOf(Constraint.class);
      b.addAll(broken.get(i));
      if (b.isEmpty()) {
        compared.add(c);
      }
      violations.put(c.variantId(), b);
    }
    AccuracyFloor.Verdicts floor = AccuracyFloor.check(compared, limits.minAccuracy(), limits.rule());
    List<Candidate> feasible = new ArrayList<>();
    for (Candidate c : compared) {
      if (floor.meetsFloor(c)) {
        feasible.add(c);
      } else {
        violations.get(c.variantId()).add(Constraint.ACCURACY);
      }
    }
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (!broken.get(i).isEmpty() && c.accuracyValue() < limits.minAccuracy()) {
        violations.get(c.variantId()).add(Constraint.ACCURACY);
      }
    }
    violations.values().removeIf(Set::isEmpty);
    List<Candidate> front = ParetoFront.of(feasible);
    Candidate best = best(front, objective);
    return new Outcome(violations, front, chosen(front, best, objective, limits), floor, best);
  }

  /** The pick had {@code lifted} not been a constraint: what tells whether it binds. */
  private static Candidate pickWithout(List<Candidate> candidates, List<Set<Constraint>> broken, SelectionLimits limits, Objective objective,
      Constraint lifted) {
    List<Candidate> compared = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Set<Constraint> b = broken.get(i);
      if (b.isEmpty() || (b.size() == 1 && b.contains(lifted))) {
        compared.add(candidates.get(i));
      }
    }
    List<Candidate> feasible;
    if (lifted == Constraint.ACCURACY) {
      feasible = compared;
    } else {
      AccuracyFloor.Verdicts floor = AccuracyFloor.check(compared, limits.minAccuracy(), limits.rule());
      feasible = new ArrayList<>();
      for (Candidate c : compared) {
        if (floor.meetsFloor(c)) {
          feasible.add(c);
        }
      }
    }
    List<Candidate> front = ParetoFront.of(feasible);
    return chosen(front, best(front, objective), objective, limits);
  }

  private static Candidate best(List<Candidate> front, Objective objective) {
    return front.stream().min(PickOrder.of(objective)).orElse(null);
  }

  /** The best front member, or under {@code cheapest-indistinguishable} the cheapest one that a test cannot tell from it. */
  private static Candidate chosen(List<Candidate> front, Candidate best, Objective objective, SelectionLimits limits) {
    if (best != null && objective == Objective.MAX_ACCURACY && limits.rule().accuracyTies() == SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE) {
      return front.stream()
          .filter(c -> AccuracyComparison.of(best.accuracy(), c.accuracy()).indistinguishable())
          .min(PickOrder.cheapestFirst(limits.rule().cheapestBy()))
          .orElse(best);
    }
    return best;
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
