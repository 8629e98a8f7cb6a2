package io.edgesweep.compress;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;

/**
 * What a stage may read besides its parent: the teacher, its logits on the train split, the
 * splits, and the command recorded in the new model's manifest.
 *
 * <p>Loaded lazily by the caller, so a stage that needs no logits never loads them.
 */
public interface StageInputs {
  ModelArtifact teacher();

  /**
   * The float model the parent's weights were rounded from (the parent itself when it was not
   * rounded): where training on a quantization grid starts.
   */
  ModelArtifact floatParent();

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
