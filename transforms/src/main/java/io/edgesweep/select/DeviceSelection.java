package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.Objective;
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
 * <p>The pick is the best front member under {@link PickOrder}. For max-accuracy, min-bytes and
 * min-latency that is also the best feasible variant overall (the tie-break makes the winner
 * non-dominated); for min-energy it is the least-energy variant on the (accuracy, bytes, latency)
 * front, which DESIGN.md fixes as the set picks come from.
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
    Map<String, Set<Constraint>> violations = new LinkedHashMap<>();
    List<Candidate> feasible = new ArrayList<>();
    for (Candidate c : candidates) {
      Set<Constraint> broken = Feasibility.violations(c, limits);
      if (broken.isEmpty()) {
        feasible.add(c);
      } else {
        violations.put(c.variantId(), broken);
      }
    }
    List<Candidate> front = ParetoFront.of(feasible);
    Candidate pick = best(front, objective);
    Set<Constraint> binding = EnumSet.noneOf(Constraint.class);
    for (Constraint lifted : Constraint.values()) {
      Candidate without = pickIgnoring(candidates, limits, objective, lifted);
      if (!Objects.equals(id(without), id(pick))) {
        binding.add(lifted);
      }
    }
    return new DevicePick(deviceId, objective, limits, candidates.size(), violations, front, pick, binding);
  }

  private static Candidate pickIgnoring(Collection<Candidate> candidates, SelectionLimits limits, Objective objective, Constraint lifted) {
    List<Candidate> feasible = new ArrayList<>();
    for (Candidate c : candidates) {
      Set<Constraint> broken = Feasibility.violations(c, limits);
      broken.remove(lifted);
      if (broken.isEmpty()) {
        feasible.add(c);
      }
    }
    return best(ParetoFront.of(feasible), objective);
  }

  private static Candidate best(List<Candidate> front, Objective objective) {
    return front.stream().min(PickOrder.of(objective)).orElse(null);
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
