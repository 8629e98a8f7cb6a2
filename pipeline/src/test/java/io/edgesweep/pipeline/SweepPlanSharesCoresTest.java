package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** --share-cores applies only to grids whose teacher and students are all dense (TorchRuntime.canShareCores). */
class SweepPlanSharesCoresTest {
  @Test
  void onlyGridsOfDenseModelsShareCores() {
    assertThat(SweepPlan.sharesCores("mlp:784-300-100-10", List.of("mlp:784-100-10", "teacher"))).isTrue();
    assertThat(SweepPlan.sharesCores("mlp:784-300-100-10", List.of("mlp:784-100-10", "lenet5"))).isFalse();
    assertThat(SweepPlan.sharesCores("lenet5", List.of("mlp:784-100-10"))).isFalse();
    assertThat(SweepPlan.sharesCores("lenet5", List.of("teacher"))).isFalse();
  }
}
