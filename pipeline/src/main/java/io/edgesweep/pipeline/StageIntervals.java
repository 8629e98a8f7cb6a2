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
 * Splits the wall time of consecutive intervals among the stages by the exact times their tasks
 * started and ended: at each instant the time is shared among the running tasks, so a stage with
 * two of three running tasks gets two thirds of it; an instant with no task running is {@link
 * CpuTimeline#OUTSIDE}.
 *
 * <p>Transitions arrive from the task threads in batches and slightly out of order; one stamped
 * after the interval's end waits for the next interval, one that arrives after its interval was
 * closed counts from the start of the current one.
 */
final class StageIntervals {
  private final Map<String, Integer> running = new HashMap<>();
  private final List<Transition> pending = new ArrayList<>();

  /**
   * The wall nanoseconds of {@code [from, to]} per stage, given the transitions that arrived since
   * the previous interval (which ended at {@code from}), in the order the stages first ran in it.
   */
  Map<String, Long> split(long from, long to, List<Transition> arrived) {
    pending.addAll(arrived);
    pending.sort(Comparator.comparingLong(Transition::nanos));
    Map<String, Long> wall = new LinkedHashMap<>();
    long cursor = from;
    for (Iterator<Transition> it = pending.iterator(); it.hasNext(); ) {
      Transition t = it.next();
      if (t.nanos() > to) {
        break;
      }
      long at = Math.max(cursor, t.nanos());
      share(at - cursor, wall);
      cursor = at;
      running.merge(t.stage(), t.delta(), Integer::sum);
      it.remove();
    }
    share(to - cursor, wall);
    return wall;
  }

  private void share(long nanos, Map<String, Long> wall) {
    if (nanos <= 0) {
      return;
    }
    long tasks = 0;
    for (int n : running.values()) {
      tasks += Math.max(0, n);
    }
    if (tasks == 0) {
      wall.merge(CpuTimeline.OUTSIDE, nanos, Long::sum);
      return;
    }
    // Integer shares that add up to the interval exactly: the remainder goes to the last stage.
    long given = 0;
    String last = null;
    for (Map.Entry<String, Integer> e : new TreeMap<>(running).entrySet()) {
      if (e.getValue() > 0) {
        long part = nanos * e.getValue() / tasks;
        wall.merge(e.getKey(), part, Long::sum);
        given += part;
        last = e.getKey();
      }
    }
    wall.merge(last, nanos - given, Long::sum);
  }
}
