package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster predict} prints the scaling model's figures for a run folder, and names bad input. */
class ClusterPredictCommandTest {
  @TempDir Path dir;

  @Test
  void printsThePredictionPerSlotCountAndFlagsSlotsBeyondTheWidestStage() throws Exception {
    // 2 slots measured in 30 s: teacher 1 x 1 s, distill 3 x 10 s -> 21 s of stages, 9 s outside.
    Files.writeString(dir.resolve("run.json"), """
        {"wall_seconds": 30.0, "parallelism": 2,
         "stage_times": {"teacher": {"wall_seconds": 1.0, "cpu_seconds": 0.5, "tasks": 1},
                         "distill": {"wall_seconds": 30.0, "cpu_seconds": 29.0, "tasks": 3}}}
        """);
    CommandRun run = CommandRun.of("cluster", "predict", "--run", dir.toString(), "--slots", "1,3,10");
    assertThat(run.code()).as(run.err()).isZero();
    // 1 slot: 9 + 1 + 30 = 40 s; 3 slots: 9 + 1 + 10 = 20 s, speedup 2.00; 10 slots: the same, flagged.
    assertThat(run.out()).contains("measured: 30.0 s on 2 slot(s), of which 9.0 s outside stage tasks; widest stage 3 tasks");
    assertThat(run.out()).containsPattern("\\n\\s+1\\s+40\\.0\\s+1\\.00");
    assertThat(run.out()).containsPattern("\\n\\s+3\\s+20\\.0\\s+2\\.00");
    assertThat(run.out()).containsPattern("\\n\\s+10\\s+20\\.0\\s+2\\.00.*more slots than the widest stage");
    // 3 slots on 2 cores: 9 + 11 x 1.5 = 25.5 s.
    CommandRun shared = CommandRun.of("cluster", "predict", "--run", dir.toString(), "--slots", "3", "--cores", "2");
    assertThat(shared.out()).containsPattern("\\n\\s+3\\s+25\\.5\\s");
  }

  @Test
  void aFolderWithoutRunJsonIsBadInput() {
    CommandRun run = CommandRun.of("cluster", "predict", "--run", dir.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--run").contains("has no run.json");
  }
}
