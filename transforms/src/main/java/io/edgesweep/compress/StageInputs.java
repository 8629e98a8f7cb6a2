package io.edgesweep.compress;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;
import java.io.Serializable;
import java.util.List;

/**
 * What a stage may read besides its parent: the teacher, every ancestor's model, the teacher's
 * logits on the train split, the splits, and the command recorded in the new model's manifest.
 *
 * <p>Loaded lazily by the caller, so a stage that needs no logits never loads them. The ancestors
 * are the one generic way to reach earlier models: a stage that needs one (QAT the float model
 * its parent was rounded from; a mixed-precision stage the float model of every layer) picks it
 * from {@link #ancestors()} without any plumbing of its own in the grid or the runner.
 */
public interface StageInputs {
  /**
   * One node on the path from the teacher to the parent.
   *
   * @param choice the stage choice that made it; null for the teacher at the root
   * @param kind the artifact-store folder its model is in (its parent's when it passes through)
   * @param key its model's content address
   */
  record Ancestor(StageChoice choice, String kind, String key) implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean isTeacher() {
      return choice == null;
    }
  }

  ModelArtifact teacher();

  /** The path from the teacher (first) to the parent (last). */
  List<Ancestor> ancestors();

  /** An ancestor's model, loaded from the store (the teacher for the root). */
  ModelArtifact model(Ancestor ancestor);

  /**
   * The float model the parent's weights were rounded from (the parent itself when it was not
   * rounded): where training on a quantization grid starts. A node that passes its parent through
   * has its parent's float model; one that rounds its parent ({@link StageChoice#roundsParent()})
   * has its parent's output.
   */
  default ModelArtifact floatParent() {
    List<Ancestor> path = ancestors();
    int i = path.size() - 1;
    while (i > 0 && path.get(i).choice().passesThrough()) {
      i--;
    }
    return model(i > 0 && path.get(i).choice().roundsParent() ? path.get(i - 1) : path.get(i));
  }

  TeacherLogits teacherLogits();

  /**
   * The teacher's logits when {@code parent} was distilled with a temperature (a stage that trains
   * it further uses the same KD loss, {@link FineTuneLoss}), else null, without loading them.
   */
  default TeacherLogits teacherLogitsFor(ModelArtifact parent) {
    return FineTuneLoss.distillation(parent) == null ? null : teacherLogits();
  }

  ImageDataset train();

  ImageDataset calibration();

  String command();
}
