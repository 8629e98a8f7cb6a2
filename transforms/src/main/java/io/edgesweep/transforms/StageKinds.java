package io.edgesweep.transforms;

/**
 * The folders of the artifact store that are not a compression stage's: the teacher, its logits
 * and the evaluations. Each stage kind's models go to the folder of its name.
 *
 * <p>Separate folders keep a listing of one kind cheap (progress counts evaluations only) and let
 * a user delete, say, every evaluation without retraining anything.
 */
public final class StageKinds {
  public static final String TEACHER = "teacher";
  public static final String LOGITS = "teacher-logits";
  public static final String EVALUATION = "evaluation";
  /** The stage name an evaluation's content address is computed with. */
  public static final String EVALUATION_STAGE = "evaluate";

  private StageKinds() {}
}
