package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;
import java.util.List;
import java.util.Map;

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
  public static Map<String, Object> distillation(ModelArtifact model) {
    List<Map<String, Object>> lineage = model.manifest().lineage();
    for (int i = lineage.size() - 1; i >= 0; i--) {
      Map<String, Object> stage = lineage.get(i);
      if ("distill".equals(stage.get("stage"))) {
        Object t = stage.get("temperature");
        Object alpha = stage.get("alpha");
        boolean kd = t instanceof Number && alpha instanceof Number && ((Number) alpha).doubleValue() > 0;
        return kd ? stage : null;
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
    Map<String, Object> stage = distillation(parent);
    if (stage == null) {
      return new DistillationLoss(null, null, 0);
    }
    double temperature = ((Number) stage.get("temperature")).doubleValue();
    double alpha = ((Number) stage.get("alpha")).doubleValue();
    if (logits == null) {
      throw new InvalidInputException("teacher logits", null,
          "missing: the model was distilled at T=" + temperature + ", α=" + alpha
              + ", so its fine-tune uses the KD loss and needs the teacher's logits on the train split");
    }
    Object teacher = stage.get("teacher_sha256");
    if (teacher != null && !teacher.equals(logits.teacherSha256())) {
      throw new InvalidInputException("teacher logits", "teacher_sha256",
          "come from the teacher with parameters " + logits.teacherSha256() + ", but the model was distilled from " + teacher);
    }
    logits.checkMatches(train, "the KD fine-tune");
    return new DistillationLoss(logits, temperature, alpha);
  }

  /** "cross_entropy" or "kd(T=4.0, alpha=0.7)", for the lineage. */
  public static String describe(ModelArtifact parent) {
    Map<String, Object> stage = distillation(parent);
    return stage == null ? "cross_entropy" : "kd(T=" + stage.get("temperature") + ", alpha=" + stage.get("alpha") + ")";
  }
}
