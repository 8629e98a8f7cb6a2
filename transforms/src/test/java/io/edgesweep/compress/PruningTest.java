package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.TrainingSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruningTest {

  static Map<String, Object> lastStage(ModelArtifact model) {
    List<io.edgesweep.model.LineageEntry> lineage = model.manifest().lineage();
    return io.edgesweep.model.LineageMaps.fields(lineage.get(lineage.size() - 1));
  }

  @Test
  void reportedSparsityIsTheCountedShareOfZeroWeights() {
    ModelArtifact teacher = MiniData.teacher();
    for (PruningMethod method : List.of(PruningMethod.MAGNITUDE_GLOBAL, PruningMethod.MAGNITUDE_PER_LAYER)) {
      ModelArtifact pruned = Pruning.apply(teacher, new PruningSettings(method, 0.8, 0, 1e-3, 128, 1), MiniData.train(), null, "cmd");
      ParameterSet p = pruned.parameters();
      List<String> weights = WeightTensors.names(pruned.architecture(), p);
      long zeros = 0;
      long count = 0;
      for (String name : weights) {
        for (float v : p.get(name).values()) {
          count++;
          if (v == 0f) {
            zeros++;
          }
        }
      }
      Map<String, Object> stage = lastStage(pruned);
      assertThat(stage.get("sparsity")).as(method.id()).isEqualTo((double) zeros / count);
      // 0.8 of 266,200 weights is exactly 212,960 (per layer: 188,160 + 24,000 + 800).
      assertThat(zeros).as(method.id()).isEqualTo(212_960L);
      assertThat(stage).containsEntry("method", method.id()).containsEntry("ratio", 0.8).containsEntry("fine_tune_epochs", 0);
      // Biases are never pruned.
      for (String name : p.names()) {
        if (name.endsWith(".bias")) {
          assertThat(p.get(name)).isEqualTo(teacher.parameters().get(name));
        }
      }
      assertThat(pruned.manifest().nonZeroParameters()).isEqualTo(teacher.manifest().parameterCount() - 212_960L);
    }
  }

  @Test
  void fineTunedPrunedWeightsStayExactlyZeroWhileTheOthersTrain() {
    ModelArtifact teacher = MiniData.teacher();
    PruningMask mask = MagnitudePruning.global(teacher.parameters(), WeightTensors.names(teacher.architecture(), teacher.parameters()), 0.9);
    ModelArtifact oneShot = Pruning.apply(teacher, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 0, 1e-3, 128, 1), MiniData.train(), null, "cmd");
    ModelArtifact tuned = Pruning.apply(teacher, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 2, 1e-3, 128, 1), MiniData.train(), null, "cmd");
    ParameterSet p = tuned.parameters();
    long changedKept = 0;
    for (String name : mask.names()) {
      float[] after = p.get(name).values();
      float[] before = teacher.parameters().get(name).values();
      for (int i = 0; i < after.length; i++) {
        if (mask.isRemoved(name, i)) {
          assertThat(after[i]).as("%s[%d]", name, i).isZero();
        } else if (after[i] != before[i]) {
          changedKept++;
        }
      }
    }
    assertThat(mask.violations(p)).isZero();
    assertThat(changedKept).as("kept weights moved by the fine-tune").isGreaterThan(mask.maskedCount() / 20);
    assertThat(lastStage(tuned).get("sparsity")).isEqualTo(lastStage(oneShot).get("sparsity"));
    assertThat(lastStage(tuned)).containsEntry("fine_tune_loss", "cross_entropy");
  }

  @Test
  void gradualScheduleEndsAtTheExactRatioWithZerosInPlace() {
    ModelArtifact teacher = MiniData.teacher();
    ModelArtifact pruned = Pruning.apply(teacher,
        new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 3, 1e-3, 128, 1, PruningSchedule.GRADUAL), MiniData.train(), null, "cmd");
    assertThat(lastStage(pruned)).containsEntry("schedule", "gradual");
    long weights = WeightTensors.count(pruned.parameters(), WeightTensors.names(pruned.architecture(), pruned.parameters()));
    long zeros = WeightTensors.zeros(pruned.parameters(), WeightTensors.names(pruned.architecture(), pruned.parameters()));
    assertThat(zeros).isEqualTo(MagnitudePruning.removedCount(weights, 0.9));
    assertThat(PruningSchedule.GRADUAL.ratioBeforeEpoch(0.9, 1, 3)).isCloseTo(0.9 * (1 - 8.0 / 27), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(PruningSchedule.GRADUAL.ratioBeforeEpoch(0.9, 3, 3)).isEqualTo(0.9);
  }

  @Test
  void structuredPruningNarrowsTheModelAndFineTunesIt() {
    ModelArtifact pruned = Pruning.apply(MiniData.teacher(),
        new PruningSettings(PruningMethod.STRUCTURED_L2, 0.5, 1, 1e-3, 128, 1), MiniData.train(), null, "cmd");
    // Half the units would remove 52.8% of the weights (784·150 + 150·50 + 50·10 = 125,600 kept of
    // 266,200), since a hidden unit takes its row and a column of the next layer. 158 and 53 units
    // keep 123,872 + 8,374 + 530 = 132,776: 49.88% kept, 50.12% removed.
    assertThat(pruned.architecture().spec()).isEqualTo("mlp:784-158-53-10");
    Map<String, Object> stage = lastStage(pruned);
    assertThat((double) stage.get("removed_share")).isCloseTo(1 - 132_776.0 / 266_200, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(stage.get("keep_fraction")).isNotNull();
    assertThat(MiniData.validationAccuracy(pruned)).isGreaterThan(0.7);
  }

  @Test
  void aDistilledParentIsFineTunedWithItsKdLoss() {
    ModelArtifact student = Distiller.distill(MiniData.teacher(), MiniData.teacherLogits(), MiniData.train(),
        io.edgesweep.model.Architecture.parse("mlp:784-32-10"),
        new DistillationSettings(4.0, 0.7, new TrainingSettings(1, 128, 1e-3, true, 1)), "cmd");
    PruningSettings settings = new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 1, 1e-3, 128, 1);
    ModelArtifact pruned = Pruning.apply(student, settings, MiniData.train(), MiniData.teacherLogits(), "cmd");
    assertThat(lastStage(pruned)).containsEntry("fine_tune_loss", "kd(T=4.0, alpha=0.7)");
    assertThat(pruned.manifest().lineage()).extracting(io.edgesweep.model.LineageEntry::stage).containsExactly("train", "distill", "prune");
    assertThatThrownBy(() -> Pruning.apply(student, settings, MiniData.train(), null, "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher logits")
        .hasMessageContaining("T=4.0");
    // Without a fine-tune no loss is needed, so no logits either.
    Pruning.apply(student, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 0, 1e-3, 128, 1), MiniData.train(), null, "cmd");
  }

  @Test
  void ratioOutsideZeroToOneIsNamed() {
    for (double ratio : new double[] {1.0, -0.1, Double.NaN}) {
      assertThatThrownBy(() -> new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, ratio, 0, 1e-3, 128, 1))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("pruning settings")
          .hasMessageContaining("ratio");
    }
    assertThatThrownBy(() -> PruningMethod.parse("random", "sweep.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sweep.yaml")
        .hasMessageContaining("magnitude-global");
  }

  @Test
  void ratioZeroWithoutFineTuneIsTheParentAndWithFineTuneKeepsEveryWeightNonZero() {
    ModelArtifact teacher = MiniData.teacher();
    for (PruningMethod method : PruningMethod.values()) {
      assertThat(Pruning.apply(teacher, new PruningSettings(method, 0.0, 0, 1e-3, 128, 1), MiniData.train(), null, "cmd")).isSameAs(teacher);
    }
    ModelArtifact trained = Pruning.apply(teacher, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.0, 1, 1e-3, 128, 1),
        MiniData.train(), null, "cmd");
    assertThat(trained.parameters()).isNotEqualTo(teacher.parameters());
    assertThat(lastStage(trained).get("sparsity")).isEqualTo(0.0);
    assertThat(trained.architecture()).isEqualTo(teacher.architecture());
  }
}
