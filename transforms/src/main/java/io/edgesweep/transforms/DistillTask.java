package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.List;

/**
 * One distinct distillation run, with the prunes that follow from its student.
 *
 * @param temperature null trains on labels alone
 * @param identity true when the student is the teacher's architecture with no temperature: the
 *     teacher itself, as DESIGN.md defines it, so nothing is trained
 */
public record DistillTask(
    String key, String student, Double temperature, boolean identity, List<PruneTask> prunes)
    implements Serializable {

  /** The store kind of this task's output. */
  public String outputKind() {
    return identity ? StageKinds.TEACHER : StageKinds.DISTILL;
  }
}
