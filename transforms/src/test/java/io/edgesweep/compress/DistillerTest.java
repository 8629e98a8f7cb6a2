package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TrainingSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistillerTest {
  static final Architecture STUDENT = Architecture.parse("mlp:784-32-10");

  static DistillationSettings settings(Double temperature, long seed) {
    return settings(temperature, seed, 1);
  }

  static DistillationSettings settings(Double temperature, long seed, int epochs) {
    return new DistillationSettings(temperature, 0.7, new TrainingSettings(epochs, 128, 1e-3, true, seed));
  }

  @Test
  void sameSeedGivesTheSameStudentAndAnotherSeedAnotherOne() {
    ModelArtifact a = Distiller.distill(MiniData.teacher(), MiniData.teacherLogits(), MiniData.train(), STUDENT, settings(4.0, 7), "test");
    ModelArtifact b = Distiller.distill(MiniData.teacher(), MiniData.teacherLogits(), MiniData.train(), STUDENT, settings(4.0, 7), "test");
    ModelArtifact c = Distiller.distill(MiniData.teacher(), MiniData.teacherLogits(), MiniData.train(), STUDENT, settings(4.0, 8), "test");
    assertThat(b.parametersSha256()).isEqualTo(a.parametersSha256());
    assertThat(c.parametersSha256()).isNotEqualTo(a.parametersSha256());
  }

  @Test
  void studentLearnsAndRecordsItsStage() {
    ModelArtifact student = Distiller.distill(MiniData.teacher(), MiniData.teacherLogits(), MiniData.train(), STUDENT, settings(2.0, 1, 3), "cmd");
    assertThat(student.architecture()).isEqualTo(STUDENT);
    assertThat(student.manifest().lineage()).hasSize(MiniData.teacher().manifest().lineage().size() + 1);
    Map<String, Object> stage = io.edgesweep.model.LineageMaps.fields(student.manifest().lineage().get(student.manifest().lineage().size() - 1));
    assertThat(stage).containsEntry("stage", "distill").containsEntry("student", "mlp:784-32-10")
        .containsEntry("temperature", 2.0).containsEntry("alpha", 0.7)
        .containsEntry("lr", 1e-3).containsEntry("batch_size", 128).containsEntry("seed", 1L).containsEntry("epochs", 3)
        .containsEntry("teacher_sha256", MiniData.teacher().parametersSha256());
    assertThat(student.manifest().command()).isEqualTo("cmd");
    // Three epochs on 6,000 images are far above chance (10%) on Fashion-MNIST.
    assertThat(MiniData.validationAccuracy(student)).isGreaterThan(0.7);
  }

  @Test
  void theTeacherHasZeroDistillationLossAgainstItsOwnLogitsInShuffledBatches() {
    // If teacher rows were joined to the wrong examples, the KL term would be far from zero.
    DistillationLoss kd = new DistillationLoss(MiniData.teacherLogits(), 4.0, 1.0);
    double[] worst = {0};
    int[] batches = {0};
    try (io.edgesweep.model.Classifier teacher = MiniData.teacher().open();
        ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      new io.edgesweep.data.InMemoryBatches(MiniData.train()).forEachBatch(manager, 256, 42L, batch -> {
        ai.djl.ndarray.NDArray logits = teacher.logits(batch.images().getManager(), batch.images());
        worst[0] = Math.max(worst[0], Math.abs(kd.loss(logits, batch).getFloat()));
        batches[0]++;
      });
    }
    assertThat(batches[0]).isEqualTo((MiniData.train().size() + 255) / 256);
    assertThat(worst[0]).isLessThan(1e-4);
  }

  @Test
  void labelOnlyStudentNeedsNoLogitsAndIgnoresAlpha() {
    ModelArtifact student = Distiller.distill(MiniData.teacher(), null, MiniData.train(), STUDENT, settings(null, 1), "cmd");
    Map<String, Object> stage = io.edgesweep.model.LineageMaps.fields(student.manifest().lineage().get(student.manifest().lineage().size() - 1));
    assertThat(stage).containsEntry("temperature", "none").containsEntry("alpha", 0.0);
  }

  @Test
  void teacherArchitectureWithoutTemperatureIsTheTeacher() {
    ModelArtifact teacher = MiniData.teacher();
    assertThat(Distiller.distill(teacher, null, MiniData.train(), teacher.architecture(), settings(null, 9), "cmd")).isSameAs(teacher);
  }

  @Test
  void distillationWithATemperatureNeedsMatchingLogits() {
    assertThatThrownBy(() -> Distiller.distill(MiniData.teacher(), null, MiniData.train(), STUDENT, settings(4.0, 1), "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher logits");
    TeacherLogits onValidation = TeacherLogits.compute(MiniData.teacher(), MiniData.validation());
    assertThatThrownBy(() -> Distiller.distill(MiniData.teacher(), onValidation, MiniData.train(), STUDENT, settings(4.0, 1), "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("rows");
  }

  @Test
  void badSettingsNameTheirField() {
    TrainingSettings t = new TrainingSettings(1, 128, 1e-3, true, 1);
    assertThatThrownBy(() -> new DistillationSettings(0.0, 0.5, t)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new DistillationSettings(2.0, 1.5, t)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> DistillationSettings.parseTemperature("hot", "--temperatures")).hasMessageContaining("--temperatures");
    assertThat(DistillationSettings.parseTemperature("none", "x")).isNull();
    assertThat(DistillationSettings.parseTemperature("4", "x")).isEqualTo(4.0);
  }
}
