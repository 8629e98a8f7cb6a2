package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.List;

/**
 * One distinct prune (and fine-tune) run, with the quantizations that follow from its model.
 *
 * @param identity true for ratio 0: the model passes through unpruned and without fine-tuning
 */
public record PruneTask(
    String key,
    String parentKind,
    String parentKey,
    String method,
    double ratio,
    boolean identity,
    List<QuantizeTask> quantizations)
    implements Serializable {

  /** The store kind of this task's output: its own, or its parent's when it passes the model through. */
  public String outputKind() {
    return identity ? parentKind : StageKinds.PRUNE;
  }
}
