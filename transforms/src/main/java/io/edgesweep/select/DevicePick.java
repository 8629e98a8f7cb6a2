package io.edgesweep.select;

import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Objective;
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
 * @param violations every infeasible variant's broken constraints, by variant id, in input order
 * @param front the Pareto front of the feasible variants, smallest first
 * @param pick the chosen variant, or null when no variant is feasible
 * @param binding the constraints that bound the pick: lifting any one of them alone would change it
 */
public record DevicePick(
    String deviceId,
    Objective objective,
    SelectionLimits limits,
    int candidates,
    Map<String, Set<Constraint>> violations,
    List<Candidate> front,
    Candidate pick,
    Set<Constraint> binding)
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

  /** One sentence a person reads: what was picked, by which objective, and what bound it. */
  public String reason() {
    if (pick == null) {
      return String.format(Locale.ROOT, "no variant of %d meets %s's constraints (%s)", candidates, deviceId, describe(limits));
    }
    List<String> bound = new ArrayList<>();
    binding.forEach(c -> bound.add(c.toString()));
    return String.format(Locale.ROOT, "%s: %s by %s among %d feasible of %d variants (%d on the front); %s",
        deviceId, pick.variantId(), objective, feasibleCount(), candidates, front.size(),
        bound.isEmpty() ? "no constraint bound the pick" : "bound by " + String.join(", ", bound));
  }

  private static String describe(SelectionLimits limits) {
    return String.format(Locale.ROOT, "accuracy >= %.4f, bytes <= %d, latency <= %.3f ms", limits.minAccuracy(), limits.maxModelBytes(), limits.maxLatencyMs());
  }
}
