package io.edgesweep.compress;

import java.io.Serializable;
import java.util.List;

/**
 * A stage kind's section of a sweep spec, read and checked: its axes and its shared settings.
 */
public interface StageSpec extends Serializable {

  StageKind kind();

  /**
   * The settings this stage tries after {@code path}, in grid order.
   *
   * <p>A stage may offer fewer choices after some parents (quantization-aware training has nothing
   * to train after float weights, so it offers only "off" there); the grid then holds only the
   * variants that mean something.
   *
   * @param path the choices of the stages before this one, oldest first
   */
  List<? extends StageChoice> choices(GridContext context, List<StageChoice> path);

  /**
   * Whether the model reaching the next stage still has the teacher's architecture: the student
   * {@code teacher} at temperature none (pruning and quantization on a TorchScript module keep
   * it a TorchScript module). A stage that needs built layers refuses such a teacher here, before
   * the job starts.
   */
  static boolean keepsTeacherArchitecture(List<StageChoice> path) {
    return path.stream().filter(c -> c instanceof DistillStage.Choice).allMatch(StageChoice::passesThrough);
  }
}
