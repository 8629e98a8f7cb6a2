package io.edgesweep.compress;

import io.edgesweep.model.ModelArtifact;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One setting of a stage kind (one point on its axes, with the shared settings of its section),
 * and what running it on a parent model does.
 *
 * <p>Plain and serializable: the grid is built from choices on the client and they travel to the
 * workers inside the stage tree, where {@link #apply} runs without Beam.
 */
public interface StageChoice extends Serializable {

  StageKind kind();

  /** True when the stage leaves its parent as it is: the node then takes the parent's key and output. */
  boolean passesThrough();

  /**
   * What enters the stage's content address besides its parent's: everything that changes the
   * output (settings, seed, data hashes), nothing that does not.
   */
  Map<String, Object> keyParameters(GridContext context);

  /** The values of {@link StageKind#columns()}, in the same order. */
  List<Object> columnValues();

  /** This stage's part of a variant's one-line description, as in {@code magnitude-global 0.9}. */
  String describe();

  /**
   * True when the output stores its parent's weights rounded onto a grid, so that the integer codes
   * are re-derived from the parent (quantization); false when the output's own weights are the ones
   * to encode.
   */
  default boolean roundsParent() {
    return false;
  }

  /**
   * The architecture this choice's model has whatever its parent's (a student's), or null when it
   * follows from the parent: a hint a later stage's {@link #trainingGroup} reads back along the path.
   */
  default String setsArchitecture() {
    return null;
  }

  /**
   * Choices of one stage level with equal non-null groups can train their models together, in one
   * pass over the data ({@link StageKind#applyTogether}): the same architecture and the same
   * training settings, which fix the initialization or the data order. Null (the default): applied
   * alone. A hint for grouping tasks only: {@link StageKind#applyTogether} checks again what really
   * trains together, so a wrong hint costs time, never other results.
   *
   * @param path the ancestors from the teacher to the parent, as {@link StageInputs#ancestors()}
   */
  default String trainingGroup(List<StageInputs.Ancestor> path) {
    return null;
  }

  /** Turns the parent into this stage's model; called only when {@link #passesThrough()} is false. */
  ModelArtifact apply(ModelArtifact parent, StageInputs inputs);
}
