package io.edgesweep.transforms;

import io.edgesweep.compress.StageChoice;
import io.edgesweep.compress.StageInputs;
import java.io.Serializable;
import java.util.List;

/**
 * One distinct stage run in the sweep's tree, with the runs that follow from its model.
 *
 * <p>A node is keyed by the content address of its output, so it appears once however many
 * variants pass through it. A node whose choice changes nothing (ratio 0, 32-bit float weights, the
 * teacher's own architecture without a temperature) takes its parent's key and output. The nodes
 * of the last stage kind are the leaves: each is evaluated once and reports for every variant it
 * serves.
 *
 * @param outputKind the store folder of this node's model: its own kind, or its parent's output
 *     kind when it passes the parent through
 * @param floatKind the store folder of the model the leaf's integer codes are derived from (see
 *     {@link io.edgesweep.compress.StageChoice#roundsParent()})
 * @param ancestors the path from the teacher to the parent, which a stage reads through {@link
 *     io.edgesweep.compress.StageInputs#ancestors()}
 * @param evaluationKey the content address of the leaf's evaluation; null for inner nodes
 * @param variants the variants a leaf serves; empty for inner nodes
 */
public record StageTask(
    String key,
    String outputKind,
    String parentKind,
    String parentKey,
    StageChoice choice,
    String floatKind,
    String floatKey,
    List<StageInputs.Ancestor> ancestors,
    List<StageTask> children,
    String evaluationKey,
    List<VariantCoordinates> variants)
    implements Serializable {

  public StageTask {
    ancestors = List.copyOf(ancestors);
    children = List.copyOf(children);
    variants = List.copyOf(variants);
  }

  /** The stage kind's name, as in {@code prune}. */
  public String stage() {
    return choice.kind().name();
  }

  public boolean passesThrough() {
    return choice.passesThrough();
  }

  public boolean isLeaf() {
    return evaluationKey != null;
  }
}
