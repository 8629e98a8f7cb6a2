package io.edgesweep.pipeline;

import io.edgesweep.transforms.RunningStages.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits the wall and CPU time of consecutive intervals among the stages by the exact instants
 * their tasks started and ended: between two such instants the time and the CPU the process burnt
 * meanwhile (each transition carries the process's CPU time) are shared among the running tasks,
 * so a stage with two of three running tasks gets two thirds of them; time with no task running is
 * {@link CpuTimeline#OUTSIDE}.
 *
 * <p>Transitions arrive from the task threads in batches and slightly out of order; one stamped
 * after the interval's end waits for the next interval, one that arrives after its interval was
 * closed counts from the start of the current one. Two threads may read the two clocks in
 * opposite orders, so a CPU stamp is kept between the previous one and the interval's end.
 */
final class StageIntervals {
  /** One stage's share of an interval: wall and CPU nanoseconds. */
  record Part(long wallNanos, long cpuNanos) {
    Part plus(Part other) {
      return new Part(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos);
    }
  }

  private final Map<String, Integer> running = new HashMap<>();
  private final List<Transition> pending = new ArrayList<>();

  /**
   * The wall and CPU nanoseconds of {@code [from, to]} per stage, given the process's CPU time at
   * both ends and the transitions that arrived since the previous interval (which ended at {@code
   * from}), in the order the stages first ran in it.
   */
  Map<String, Part> split(long from, long cpuFrom, long to, long cpuTo, List<Transition> arrived) {
    pending.addAll(arrived);
    pending.sort(Comparator.comparingLong(Transition::nanos));
    Map<String, Part> parts = new LinkedHashMap<>();
    long cursor = from;
    long cpuCursor = cpuFrom;
    for (Iterator<Transition> it = pending.iterator(); it.hasNext(); ) {
      Transition t = it.next();
      if (t.nanos() > to) {
        break;
      }
      long at = Math.max(cursor, t.nanos());
      long cpuAt = Math.max(cpuCursor, Math.min(cpuTo, t.cpuNanos()));
      share(at - cursor, cpuAt - cpuCursor, parts);
      cursor = at;
      cpuCursor = cpuAt;
      running.merge(t.stage(), t.delta(), Integer::sum);
      it.remove();
    }
    share(to - cursor, Math.max(0, cpuTo - cpuCursor), parts);
    return parts;
  }

  private void share(long nanos, long cpuNanos, Map<String, Part> parts) {
    if (nanos <= 0 && cpuNanos <= 0) {
      return;
    }
    long tasks = 0;
    for (int n : running.values()) {
      tasks += Math.max(0, n);
    }
    if (tasks == 0) {
      parts.merge(CpuTimeline.OUTSIDE, new Part(nanos, cpuNanos), Part::plus);
      return;
    }
    // Integer shares that add up to the segment exactly: the remainder goes to the last stage.
    long given = 0;
    long cpuGiven = 0;
    String last = null;
    for (Map.Entry<String, Integer> e : new TreeMap<>(running).entrySet()) {
      if (e.getValue() > 0) {
        Part part = new Part(nanos * e.getValue() / tasks, cpuNanos * e.getValue() / tasks);
        parts.merge(e.getKey(), part, Part::plus);
        given += part.wallNanos();
        cpuGiven += part.cpuNanos();
        last = e.getKey();
      }
    }
    parts.merge(last, new Part(nanos - given, cpuNanos - cpuGiven), Part::plus);
  }
}
