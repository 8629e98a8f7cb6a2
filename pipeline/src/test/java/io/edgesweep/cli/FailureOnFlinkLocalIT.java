package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that fails mid-way on the embedded Flink runner reads as one error line and a pointer to
 * the log, as on the DirectRunner: Flink's and Beam's stack traces go to the log file only.
 */
class FailureOnFlinkLocalIT {
  @TempDir Path dir;

  @Test
  void aStoreThatCannotBeWrittenIsOneLineAndTheTraceIsInTheLog() throws Exception {
    Path root = TestData.repositoryRoot();
    Path spec = dir.resolve("tiny.yaml");
    Files.writeString(spec, """
        name: tiny
        data: %s
        teacher:
          train: {arch: "mlp:784-16-10", epochs: 1}
        grid:
          distillation: {students: ["mlp:784-8-10"], temperatures: [none], epochs: 1}
          pruning: {methods: [magnitude-global], ratios: [0]}
          quantization: {bits: [32]}
        devices: ["%s"]
        """.formatted(root.resolve("datasets/fashion-mnist-mini"), root.resolve("device-profiles/host.yaml")));
    Path store = dir.resolve("store");
    Files.createDirectories(store);
    Files.writeString(store.resolve("teacher"), "a file where the store needs a folder");
    CommandRun run = CommandRun.of("sweep", "--spec", spec.toString(), "--runner", "flink-local", "--parallelism", "2",
        "--djl-threads", "1", "--out", dir.resolve("runs").toString(), "--artifact-root", store.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    // edgesweep's own progress lines may be there too (when logging started with the console captured).
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("ERROR");
    List<String> lines = run.err().lines().filter(l -> !l.isBlank() && !l.matches("\\d\\d:\\d\\d:\\d\\d INFO .*")).toList();
    assertThat(lines).as(run.err()).hasSize(2);
    assertThat(lines.get(0)).startsWith("error: " + store.resolve("teacher")).contains("cannot write: its folder cannot be created");
    assertThat(lines.get(1)).startsWith("  full trace: " + dir.resolve("runs/.logs"));
    Path log = Path.of(lines.get(1).substring("  full trace: ".length()));
    assertThat(Files.readString(log)).contains("Unable to create parent directories").contains("\tat org.apache.flink");
    assertThat(dir.resolve("runs/tiny")).doesNotExist();
  }
}
