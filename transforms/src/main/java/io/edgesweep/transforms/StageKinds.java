package io.edgesweep.transforms;

/**
 * The folders of the artifact store, one per kind of stage output.
 *
 * <p>Separate folders keep a listing of one kind cheap (progress counts evaluations only) and let
 * a user delete, say, every evaluation without retraining anything.
 */
public final class StageKinds {
  public static final String TEACHER = "teacher";
  public static final String LOGITS = "teacher-logits";
  public static final String DISTILL = "distill";
  public static final String PRUNE = "prune";
  public static final String QUANTIZE = "quantize";
  public static final String EVALUATION = "evaluation";

  private StageKinds() {}
}
