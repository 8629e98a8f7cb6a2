package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import java.util.List;

/**
 * Chooses the loss that fine-tunes a compressed model: the KD loss its parent was distilled with,
 * or cross-entropy when it was not.
 *
 * <p>A student distilled at T = 4 and then pruned should be repaired towards the same target it was
 * trained on, or the fine-tune would undo part of what distillation gave it. The parent's lineage
 * says how it was made: the last {@code distill} entry with a numeric temperature gives T and α,
 * and its {@code teacher_sha256} must match the teacher logits handed in.
 */
public final class FineTuneLoss {
  private FineTuneLoss() {}

  /** The distillation entry that governs fine-tuning of {@code model}, or null when it learnt from labels. */
  public static LineageEntry.Distill distillation(ModelArtifact model) {
    List<LineageEntry> lineage = model.manifest().lineage();
    for (int i = lineage.size() - 1; i >= 0; i--) {
      if (lineage.get(i) instanceof LineageEntry.Distill stage) {
        return stage.kdTemperature() != null ? stage : null;
      }
    }
    return null;
  }

  /**
   * The loss for fine-tuning a model derived from {@code parent} on {@code train}.
   *
   * @param logits the teacher's logits on {@code train}; required when the parent was distilled
   *     with a temperature, ignored otherwise
   */
  public static DistillationLoss of(ModelArtifact parent, TeacherLogits logits, ImageDataset train) {
    LineageEntry.Distill stage = distillation(parent);
    if (stage == null) {
      return new DistillationLoss(null, null, 0);
    }
    double temperature = stage.kdTemperature();
    double alpha = stage.alpha();
    if (logits == null) {
      throw new InvalidInputException("teacher logits", null,
          "missing: the model was distilled at T=" + temperature + ", α=" + alpha
              + ", so its fine-tune uses the KD loss and needs the teacher's logits on the train split");
    }
    String teacher = stage.teacherSha256();
    if (teacher != null && !teacher.equals(logits.teacherSha256())) {
      throw new InvalidInputException("teacher logits", "teacher_sha256",
          "come from the teacher with parameters " + logits.teacherSha256() + ", but the model was distilled from " + teacher);
    }
    logits.checkMatches(train, "the KD fine-tune");
    return new DistillationLoss(logits, temperature, alpha);
  }

  /** "cross_entropy" or "kd(T=4.0, alpha=0.7)", for the lineage. */
  public static String describe(ModelArtifact parent) {
    LineageEntry.Distill stage = distillation(parent);
    return stage == null ? "cross_entropy" : "kd(T=" + stage.temperature() + ", alpha=" + stage.alpha() + ")";
  }
}
