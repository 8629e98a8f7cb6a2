package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.List;

/**
 * Leaves of one parent evaluated in one task, in one pass over the validation split.
 *
 * @param leaves the leaves, each evaluated (or found in the store) as if alone
 */
public record LeafGroup(List<StageTask> leaves) implements Serializable {
  public LeafGroup {
    leaves = List.copyOf(leaves);
  }
}
