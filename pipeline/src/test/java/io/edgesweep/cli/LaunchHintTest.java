package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchHintTest {
  @TempDir
  Path dir;

  @Test
  void listsTheRecordTheRunSummaryAndTheRecordedInputsInOrder() throws Exception {
    Path record = dir.resolve("out/.up-to-date/abc");
    Files.createDirectories(record.getParent());
    // The record's layout (CheckedFiles.record): input lines are "I", status fields, then the path.
    Files.writeString(record, String.join("\n",
        "edgesweep-checked 3",
        "build\tjar:1:2",
        "run\t/r/demo\t/r/demo\t123",
        "I\t10\t1700000000000000000\t5\t/data/spec.yaml",
        "I\t20\t1700000000000000001\t6\t/data/profiles/a b.yaml",
        "H\t1\t2\t3\tsha\t/store/.edgesweep-store",
        "E\t4\t5\t6\t/store/distill/k/weights.safetensors",
        "R\t7\t8\t9\tsha\tpicks.json",
        "T\tdevice  pick",
        ""), StandardCharsets.UTF_8);
    Path hint = dir.resolve("tmp/launch-hints/0123");

    LaunchHint.write(hint, record, dir.resolve("out/demo"));

    assertThat(Files.readAllLines(hint, StandardCharsets.UTF_8)).containsExactly(
        record.toString(), dir.resolve("out/demo/run.json").toString(), "/data/spec.yaml", "/data/profiles/a b.yaml");
  }

  @Test
  void anUpToDateRunKeepsAnExistingHintAndWritesAMissingOne() throws Exception {
    Path record = Files.writeString(dir.resolve("record"), "edgesweep-checked 3\nI\t1\t2\t3\t/data/spec.yaml\n");
    Path hint = Files.writeString(dir.resolve("kept"), "/as/written/after/the/run\n");
    LaunchHint.writeIfMissing(hint, record, dir.resolve("run"));
    assertThat(Files.readString(hint)).isEqualTo("/as/written/after/the/run\n");

    Path missing = dir.resolve("missing");
    LaunchHint.writeIfMissing(missing, record, dir.resolve("run"));
    assertThat(Files.readAllLines(missing)).containsExactly(record.toString(), dir.resolve("run/run.json").toString(), "/data/spec.yaml");
  }

  @Test
  void anUnreadableRecordLeavesNoHintBehind() throws Exception {
    Path hint = dir.resolve("launch-hints/0123");
    Files.createDirectories(hint.getParent());
    Files.writeString(hint, "/old/record\n");

    LaunchHint.write(hint, dir.resolve("no-such-record"), dir.resolve("out/demo"));

    assertThat(hint).doesNotExist();
  }

  @Test
  void forgettingRemovesTheHintAndToleratesNone() throws Exception {
    Path hint = Files.writeString(dir.resolve("hint"), "x\n");
    LaunchHint.forget(hint);
    assertThat(hint).doesNotExist();
    LaunchHint.forget(hint);
    assertThat(List.of(dir.toFile().list())).isEmpty();
  }
}
