package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.List;

/**
 * Nodes of one stage level run in one task: the models of one training group, trained together in
 * one pass over the data, or a single node.
 *
 * @param tasks the nodes, each stored (or found in the store) as if run alone
 */
public record TaskGroup(List<StageTask> tasks) implements Serializable {
  public TaskGroup {
    tasks = List.copyOf(tasks);
  }
}
