package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.SelectionRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of selection for one device: the pick, why it was picked, and what was left out.
 *
 * @param deviceId the device profile's id
 * @param objective what the pick optimised
 * @param limits the policy limits applied (the profile's, or overridden)
 * @param candidates how many variants were considered
 * @param violations every infeasible variant's broken constraints, by variant id, in input order;
 *     {@code ACCURACY} means "not shown to meet the floor" under the rule's floor check
 * @param front the Pareto front of the feasible variants, smallest first
 * @param pick the chosen variant, or null when no variant is feasible
 * @param binding the constraints that bound the pick: lifting any one of them alone would change it
 * @param floor the floor check: how many were compared, the pick's verdict, the closest variant
 * @param mostAccurate the most accurate feasible variant (the pick unless a tie rule chose a cheaper one), or null
 */
public record DevicePick(
    String deviceId,
    Objective objective,
    SelectionLimits limits,
    int candidates,
    Map<String, Set<Constraint>> violations,
    List<Candidate> front,
    Candidate pick,
    Set<Constraint> binding,
    AccuracyFloor.Summary floor,
    Candidate mostAccurate)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public DevicePick {
    Map<String, Set<Constraint>> copy = new LinkedHashMap<>();
    violations.forEach((id, broken) -> copy.put(id, Collections.unmodifiableSet(EnumSet.copyOf(broken))));
    violations = Collections.unmodifiableMap(copy);
    front = List.copyOf(front);
    binding = Collections.unmodifiableSet(binding.isEmpty() ? EnumSet.noneOf(Constraint.class) : EnumSet.copyOf(binding));
  }

  public boolean hasPick() {
    return pick != null;
  }

  public int feasibleCount() {
    return candidates - violations.size();
  }

  /** Whether a tie rule picked a cheaper variant than the most accurate one. */
  public boolean tieRuleApplied() {
    return pick != null && mostAccurate != null && !pick.variantId().equals(mostAccurate.variantId());
  }

  /** One sentence a person reads: what was picked, by which objective, what bound it, and how the floor was checked. */
  public String reason() {
    if (pick == null) {
      if (floor != null && floor.compared() > 0) {
        AccuracyFloor.Verdict closest = floor.closest();
        return String.format(Locale.ROOT, "no variant meets %s's accuracy floor %s: %d of %d variants meet its other constraints, none %s; "
            + "closest: %s, validation %s%s", deviceId, percent(limits.minAccuracy()), floor.compared(), candidates, floorTest(),
            closest.candidate().variantId(), percent(closest.candidate().accuracyValue()),
            holm() ? String.format(Locale.ROOT, ", lower bound %s", percent(closest.lowerBound())) : "");
      }
      return String.format(Locale.ROOT, "no variant of %d meets %s's constraints (%s)", candidates, deviceId, describe(limits));
    }
    List<String> bound = new ArrayList<>();
    binding.forEach(c -> bound.add(c.toString()));
    String tie = tieRuleApplied()
        ? String.format(Locale.ROOT, " (the cheapest by %s of those whose accuracy cannot be told from the most accurate, %s at %s)",
            limits.rule().cheapestBy(), mostAccurate.variantId(), percent(mostAccurate.accuracyValue()))
        : "";
    return String.format(Locale.ROOT, "%s: %s by %s%s among %d feasible of %d variants (%d on the front); %s; %s",
        deviceId, pick.variantId(), objective, tie, feasibleCount(), candidates, front.size(),
        bound.isEmpty() ? "no constraint bound the pick" : "bound by " + String.join(", ", bound), floorStatement());
  }

  /** How the pick met the floor, in words. */
  public String floorStatement() {
    if (floor == null || floor.pick() == null) {
      return "";
    }
    if (!holm()) {
      return String.format(Locale.ROOT, "accuracy floor %s checked on the point estimate only", percent(limits.minAccuracy()));
    }
    return String.format(Locale.ROOT, "accuracy floor %s met with %.0f%% confidence over the %d variants compared (exact lower bound %s)",
        percent(limits.minAccuracy()), 100 * limits.rule().floorConfidence(), floor.compared(), percent(floor.pick().lowerBound()));
  }

  private boolean holm() {
    return limits.rule().floorCheck() == SelectionRule.FloorCheck.HOLM;
  }

  private String floorTest() {
    return holm()
        ? String.format(Locale.ROOT, "with %.0f%% confidence (exact binomial tests, Holm-corrected over the %d)", 100 * limits.rule().floorConfidence(),
            floor.compared())
        : "on its point estimate";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String describe(SelectionLimits limits) {
    return String.format(Locale.ROOT, "accuracy >= %.4f, bytes <= %d, latency <= %.3f ms", limits.minAccuracy(), limits.maxModelBytes(), limits.maxLatencyMs());
  }
}
