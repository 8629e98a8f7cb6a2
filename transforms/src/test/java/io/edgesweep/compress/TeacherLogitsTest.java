package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.SafetensorsFormat;
import io.edgesweep.model.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeacherLogitsTest {

  @Test
  void rowsFollowSplitOrderAndMatchASecondForwardPass() {
    ModelArtifact teacher = MiniData.untrained("mlp:784-16-10", 3);
    TeacherLogits logits = TeacherLogits.compute(teacher, MiniData.validation());
    assertThat(logits.examples()).isEqualTo(MiniData.validation().size());
    assertThat(logits.classes()).isEqualTo(10);
    assertThat(logits.teacherSha256()).isEqualTo(teacher.parametersSha256());
    // A second pass in a shuffled order, put back by the batches' indices, gives the same rows.
    float[] shuffled = new float[logits.logits().length];
    try (Classifier c = teacher.open(); ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      new InMemoryBatches(MiniData.validation()).forEachBatch(m, 77, 5L, batch -> {
        float[] out = c.logits(batch.images().getManager(), batch.images()).toFloatArray();
        for (int i = 0; i < batch.size(); i++) {
          System.arraycopy(out, i * 10, shuffled, batch.indices()[i] * 10, 10);
        }
      });
    }
    float[] ordered = logits.logits();
    for (int i = 0; i < ordered.length; i++) {
      assertThat(shuffled[i]).isCloseTo(ordered[i], org.assertj.core.api.Assertions.within(1e-5f));
    }
  }

  @Test
  void encodeDecodeRoundTripsBitForBit() {
    TeacherLogits logits = TeacherLogits.compute(MiniData.untrained("mlp:784-8-10", 4), MiniData.calibration());
    byte[] bytes = logits.encode();
    TeacherLogits back = TeacherLogits.decode(bytes, "logits.safetensors");
    assertThat(back.logits()).containsExactly(logits.logits());
    assertThat(back.examples()).isEqualTo(logits.examples());
    assertThat(back.classes()).isEqualTo(10);
    assertThat(back.teacherSha256()).isEqualTo(logits.teacherSha256());
    assertThat(back.datasetSha256()).isEqualTo(logits.datasetSha256());
    assertThat(back.encode()).isEqualTo(bytes);
  }

  @Test
  void aModelFileIsNotTakenForLogits() {
    byte[] model = SafetensorsFormat.encode(new ParameterSet(Map.of("fc1.weight", Tensor.zeros(2, 2))), Map.of("format", "edgesweep-model/1"));
    assertThatThrownBy(() -> TeacherLogits.decode(model, "runs/x/logits.safetensors"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("runs/x/logits.safetensors")
        .hasMessageContaining("format");
  }

  @Test
  void logitsOfAnotherSplitOrTeacherAreRefused() {
    ModelArtifact teacher = MiniData.untrained("mlp:784-8-10", 4);
    TeacherLogits onCalibration = TeacherLogits.compute(teacher, MiniData.calibration());
    assertThatThrownBy(() -> onCalibration.checkMatches(teacher, MiniData.validation(), "distillation"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher logits");
    int[] reversed = new int[MiniData.calibration().size()];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = reversed.length - 1 - i;
    }
    // Same images, another order: same size and classes, but the rows would not line up.
    assertThatThrownBy(() -> onCalibration.checkMatches(teacher, MiniData.calibration().subset(reversed, Map.of()), "distillation"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dataset_sha256");
    ModelArtifact other = MiniData.untrained("mlp:784-8-10", 5);
    assertThatThrownBy(() -> onCalibration.checkMatches(other, MiniData.calibration(), "distillation"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher_sha256");
    onCalibration.checkMatches(teacher, MiniData.calibration(), "distillation");
  }

  @Test
  void predictionsOfTheTeacherAreTheStoredLogits() {
    ModelArtifact teacher = MiniData.untrained("mlp:784-8-10", 6);
    TeacherLogits logits = TeacherLogits.compute(teacher, MiniData.calibration());
    try (Classifier c = teacher.open()) {
      assertThat(Predictions.of(c, new InMemoryBatches(MiniData.calibration()), 1000).logits()).containsExactly(logits.logits());
    }
  }
}
