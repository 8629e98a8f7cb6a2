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

  ImageDataset train();

  ImageDataset calibration();

  String command();
}
