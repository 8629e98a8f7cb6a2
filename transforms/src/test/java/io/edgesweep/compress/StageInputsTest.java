package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float model a stage trains from is found on the generic ancestor path: through nodes that
 * pass their parent through, and one step above a node that rounds its parent.
 */
class StageInputsTest {

  @Test
  void theFloatParentIsFoundOnTheAncestorPath() {
    StageInputs.Ancestor teacher = new StageInputs.Ancestor(null, "teacher", "t");
    StageInputs.Ancestor distilled = new StageInputs.Ancestor(choice(false, false), "distill", "d");
    StageInputs.Ancestor pruned = new StageInputs.Ancestor(choice(false, false), "prune", "p");
    StageInputs.Ancestor quantized = new StageInputs.Ancestor(choice(false, true), "quantize", "q");
    // Ratio 0 passes the distilled model through: same folder and key as its parent.
    StageInputs.Ancestor unpruned = new StageInputs.Ancestor(choice(true, false), "distill", "d");
    StageInputs.Ancestor float32 = new StageInputs.Ancestor(choice(true, false), "prune", "p");

    assertThat(floatParentOf(List.of(teacher, distilled, pruned, quantized))).isEqualTo("prune/p");
    assertThat(floatParentOf(List.of(teacher, distilled, unpruned, quantized))).isEqualTo("distill/d");
    assertThat(floatParentOf(List.of(teacher, distilled, pruned))).isEqualTo("prune/p");
    assertThat(floatParentOf(List.of(teacher, distilled, pruned, float32))).isEqualTo("prune/p");
    assertThat(floatParentOf(List.of(teacher))).isEqualTo("teacher/t");
    // A stage that rounds the teacher directly trains from the teacher.
    assertThat(floatParentOf(List.of(teacher, quantized))).isEqualTo("teacher/t");
  }

  /** Which ancestor floatParent() loads, as kind/key. */
  private static String floatParentOf(List<StageInputs.Ancestor> path) {
    List<String> loaded = new ArrayList<>();
    StageInputs inputs = new StageInputs() {
      @Override
      public ModelArtifact teacher() {
        throw new AssertionError("not asked");
      }

      @Override
      public List<Ancestor> ancestors() {
        return path;
      }

      @Override
      public ModelArtifact model(Ancestor ancestor) {
        loaded.add(ancestor.kind() + "/" + ancestor.key());
        return null;
      }

      @Override
      public TeacherLogits teacherLogits() {
        throw new AssertionError("not asked");
      }

      @Override
      public ImageDataset train() {
        throw new AssertionError("not asked");
      }

      @Override
      public ImageDataset calibration() {
        throw new AssertionError("not asked");
      }

      @Override
      public String command() {
        return "test";
      }
    };
    inputs.floatParent();
    assertThat(loaded).hasSize(1);
    return loaded.get(0);
  }

  private static StageChoice choice(boolean passesThrough, boolean roundsParent) {
    return new StageChoice() {
      @Override
      public StageKind kind() {
        throw new AssertionError("not asked");
      }

      @Override
      public boolean passesThrough() {
        return passesThrough;
      }

      @Override
      public Map<String, Object> keyParameters(GridContext context) {
        return Map.of();
      }

      @Override
      public List<Object> columnValues() {
        return List.of();
      }

      @Override
      public String describe() {
        return "";
      }

      @Override
      public boolean roundsParent() {
        return roundsParent;
      }

      @Override
      public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
        throw new AssertionError("not asked");
      }
    };
  }
}
