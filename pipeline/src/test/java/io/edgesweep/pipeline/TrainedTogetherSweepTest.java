package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.TrainingLoop;
import io.edgesweep.report.RunFolderFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep whose students and fine-tunes train together in groups (DirectRunner, two slots)
 * against the plain loop, which trains every model alone: the same stored models byte for byte
 * under the same keys, and the same rows, value for value.
 */
class TrainedTogetherSweepTest {
  @TempDir Path dir;

  @Test
  void modelsTrainedTogetherAreStoredAsTheModelsTrainedAlone() throws Exception {
    // 3 students (T = none, 2, 4: one architecture, one training) and 9 magnitude fine-tunes.
    Path spec = TinySweep.writeSpec(dir, "together", "none, 2, 4", "0.5, 0.8, 0.9", "32", 2);
    List<String> args = new ArrayList<>(List.of(TinySweep.direct()));
    args.add("--trainTogether=true");
    SweepJob.Outcome together = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("together"), args.toArray(String[]::new)), "test",
        m -> {});
    SweepJob.Outcome alone = SweepJob.runToCompletion(
        TinySweep.options(spec, dir.resolve("alone"), "--runner=DirectRunner", "--plainLoop=true", "--parallelism=1", "--djlThreads=1"),
        "test", m -> {});

    assertThat(together.counts().get("distill_computed")).isEqualTo(3);
    assertThat(together.counts().get("prune_computed")).isEqualTo(9);
    // Grouped: 3 students in 2 tasks (1 + 2), 9 fine-tunes in 2 tasks (4 + 5); the plain loop ran 3 and 9.
    assertThat(together.times().stages().get("distill").tasks()).isEqualTo(2);
    assertThat(together.times().stages().get("prune").tasks()).isEqualTo(2);
    assertThat(alone.times().stages().get("prune").tasks()).isEqualTo(9);

    // The wide first layer ran: the student's 784 -> 32 layer, several models side by side, bit-identical.
    assertThat(TrainingLoop.togetherShapeVerdicts()).anySatisfy((shape, exact) -> {
      assertThat(shape.inputs()).isEqualTo(784);
      assertThat(shape.outputs()).isEqualTo(32);
      assertThat(shape.variants()).isGreaterThan(1);
      assertThat(exact).isTrue();
    });

    for (String stage : new String[] {"distill", "prune"}) {
      Map<String, byte[]> a = files(dir.resolve("together/artifacts").resolve(stage));
      Map<String, byte[]> b = files(dir.resolve("alone/artifacts").resolve(stage));
      assertThat(a).isNotEmpty();
      assertThat(a.keySet()).as(stage).isEqualTo(b.keySet());
      for (String file : a.keySet()) {
        // The entry's first line names each file's size and hash: what differs, when something does.
        assertThat(a.get(file)).as(stage + "/" + file + "\n together: " + firstLine(a.get(file)) + "\n alone:    " + firstLine(b.get(file)))
            .isEqualTo(b.get(file));
      }
    }
    Map<String, Map<String, Object>> rowsTogether = TinySweep.rows(together.runFolder().resolve(RunFolderFiles.VARIANTS));
    Map<String, Map<String, Object>> rowsAlone = TinySweep.rows(alone.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rowsTogether).hasSize(3 * 3);
    assertThat(rowsTogether).isEqualTo(rowsAlone);
  }

  private static String firstLine(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 1000), java.nio.charset.StandardCharsets.ISO_8859_1);
    return text.lines().findFirst().orElse("");
  }

  /** Every file under {@code folder}, by its path relative to it. */
  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
