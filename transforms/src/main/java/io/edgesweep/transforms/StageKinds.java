package io.edgesweep.transforms;

/**
 * The folders of the artifact store that are not a compression stage's: the teacher, its logits,
 * the evaluations and the test-split accuracies of picks. Each stage kind's models go to the folder of its name.
 *
 * <p>Separate folders keep a listing of one kind cheap (progress counts evaluations only) and let
 * a user delete, say, every evaluation without retraining anything.
 */
public final class StageKinds {
  public static final String TEACHER = "teacher";
  public static final String LOGITS = "teacher-logits";
  public static final String EVALUATION = "evaluation";
  /** Accuracies of picked models on the test split, so a re-run does not measure them again. */
  public static final String TEST = "test";
  /** The stage name an evaluation's content address is computed with. */
  public static final String EVALUATION_STAGE = "evaluate";

  private StageKinds() {}
}
