package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions from stage widths, per-task times and barriers, checked against hand computation. */
class ScalingModelTest {
  @TempDir Path dir;

  /** teacher 1 x 2 s, distill 3 x 10 s, prune 12 x 2 s, evaluate 48 x 0.5 s; measured 50 s on 2 slots. */
  private static ScalingModel grid() {
    return new ScalingModel(List.of(
        new ScalingModel.Stage("teacher", 1, 2),
        new ScalingModel.Stage("distill", 3, 10),
        new ScalingModel.Stage("prune", 12, 2),
        new ScalingModel.Stage("evaluate", 48, 0.5)), 2, 50);
  }

  @Test
  void stagesWaitForEachOtherAndNarrowStagesLeaveSlotsIdle() {
    ScalingModel model = grid();
    // On 2 slots: 2 + ceil(3/2) 10 + 6 x 2 + 24 x 0.5 = 46 s of stages, so 4 s outside them.
    assertThat(model.stageSeconds(2)).isCloseTo(46, within(1e-9));
    assertThat(model.overheadSeconds()).isCloseTo(4, within(1e-9));
    // 1 slot: 4 + 2 + 30 + 24 + 24 = 84 s.
    assertThat(model.predict(1).seconds()).isCloseTo(84, within(1e-9));
    // 3 slots: 4 + 2 + 10 + 8 + 8 = 32 s; speedup 84 / 32.
    assertThat(model.predict(3).seconds()).isCloseTo(32, within(1e-9));
    assertThat(model.predict(3).speedup()).isCloseTo(84.0 / 32, within(1e-9));
    // 100 slots: 4 + 2 + 10 + 2 + 0.5 = 18.5 s, as for 48: nothing is wider than 48 tasks.
    assertThat(model.predict(100).seconds()).isCloseTo(18.5, within(1e-9));
    assertThat(model.predict(48).seconds()).isCloseTo(18.5, within(1e-9));
    assertThat(model.widestStage()).isEqualTo(48);
    // Work 2 + 30 + 24 + 24 = 80 slot-seconds: on 100 slots 80 / (100 x 18.5) of slot time is used.
    assertThat(model.workSeconds()).isCloseTo(80, within(1e-9));
    assertThat(model.predict(100).slotUse()).isCloseTo(80.0 / 1850, within(1e-9));
  }

  @Test
  void moreSlotsThanCoresStretchEveryTask() {
    ScalingModel model = grid();
    // 3 slots on 2 cores: stages 2 + 10 + 8 + 8 = 28 s stretched by 3/2 = 42 s, plus 4 s outside.
    assertThat(model.predict(3, 2).seconds()).isCloseTo(46, within(1e-9));
    assertThat(model.predict(2, 2).seconds()).isCloseTo(model.predict(2).seconds(), within(1e-9));
  }

  @Test
  void readsStageWidthsAndTimesFromRunJson() throws Exception {
    Path runJson = dir.resolve("run.json");
    Files.writeString(runJson, """
        {"wall_seconds": 30.0, "parallelism": 2,
         "stage_times": {"teacher": {"wall_seconds": 1.0, "cpu_seconds": 0.5, "tasks": 1},
                         "distill": {"wall_seconds": 30.0, "cpu_seconds": 29.0, "tasks": 3},
                         "quantize": {"wall_seconds": 0.0, "cpu_seconds": 0.0, "tasks": 0}}}
        """);
    ScalingModel model = ScalingModel.of(runJson);
    assertThat(model.stages()).containsExactly(new ScalingModel.Stage("teacher", 1, 1.0), new ScalingModel.Stage("distill", 3, 10.0));
    // 2 slots: 1 + 2 x 10 = 21 s of stages, 9 s outside; 3 slots: 9 + 1 + 10.
    assertThat(model.overheadSeconds()).isCloseTo(9, within(1e-9));
    assertThat(model.predict(3).seconds()).isCloseTo(20, within(1e-9));
  }

  @Test
  void aRunWithoutStageTimesIsRefusedByName() throws Exception {
    Path runJson = dir.resolve("run.json");
    Files.writeString(runJson, "{\"wall_seconds\": 3.0}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScalingModel.of(runJson))
        .hasMessageContaining("run.json").hasMessageContaining("stage_times");
  }
}
