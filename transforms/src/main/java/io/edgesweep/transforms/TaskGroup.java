package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Nodes of one stage level run in one task: the models of one training group, trained together in
 * one pass over the data, or a single node.
 *
 * @param tasks the nodes, each stored (or found in the store) as if run alone
 */
public record TaskGroup(List<StageTask> tasks) implements Serializable {
  /**
   * At most this many models per group: a wider first-layer product gains nothing measurable
   * (bench/TrainTogetherBenchmark.java: 6 together are as fast as 3; bench/EvaluationBenchmark.java:
   * 8 leaves at 0.85 of the GEMM rate), and smaller groups keep more slots busy.
   */
  static final int MAX_GROUP = 8;

  public TaskGroup {
    tasks = List.copyOf(tasks);
  }

  /**
   * Cuts nodes into near-equal groups of at most {@link #MAX_GROUP}, at least {@code atLeast} of
   * them while there are nodes for them, in the order of {@code key} so the groups do not depend on
   * the order a shuffle delivered the nodes in.
   */
  static List<List<StageTask>> cut(List<StageTask> nodes, Comparator<StageTask> key, int atLeast) {
    List<StageTask> sorted = new ArrayList<>(nodes);
    sorted.sort(key);
    int groups = Math.max((sorted.size() + MAX_GROUP - 1) / MAX_GROUP, Math.min(sorted.size(), atLeast));
    List<List<StageTask>> result = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      result.add(sorted.subList(g * sorted.size() / groups, (g + 1) * sorted.size() / groups));
    }
    return result;
  }
}
