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

  /** Turns the parent into this stage's model; called only when {@link #passesThrough()} is false. */
  ModelArtifact apply(ModelArtifact parent, StageInputs inputs);
}
