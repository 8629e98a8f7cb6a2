package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trains the mini teacher for real; the only slow-ish foundation test (a few seconds on 2 cores).
 */
class TeacherTrainingTest {
  @Test
  void lenet300100ReachesEightyPercentOnTheMiniDatasetAndTheSameSeedGivesTheSameModel() {
    TrainingSettings settings = new TrainingSettings(10, 128, 1e-3, true, 1);
    Architecture arch = Architecture.parse("mlp:784-300-100-10");
    List<TeacherTraining.EpochResult> seen = new ArrayList<>();
    TeacherTraining.Result first = TeacherTraining.train(TestData.mini(), arch, settings, "test", seen::add);
    assertThat(first.testAccuracy()).isGreaterThanOrEqualTo(0.80);
    assertThat(seen).hasSize(10);
    assertThat(seen.get(9).trainAccuracy()).isGreaterThan(seen.get(0).trainAccuracy());
    assertThat(first.artifact().manifest().metrics()).containsEntry("test_accuracy", first.testAccuracy());

    TeacherTraining.Result second = TeacherTraining.train(TestData.mini(), arch, settings, "test", e -> {});
    assertThat(second.artifact().parametersSha256()).isEqualTo(first.artifact().parametersSha256());

    TeacherTraining.Result otherSeed = TeacherTraining.train(TestData.mini(), arch,
        new TrainingSettings(1, 128, 1e-3, true, 2), "test", e -> {});
    assertThat(otherSeed.artifact().parametersSha256()).isNotEqualTo(first.artifact().parametersSha256());
  }
}
