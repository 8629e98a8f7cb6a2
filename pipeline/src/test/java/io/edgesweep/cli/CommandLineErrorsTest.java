package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input reaches the user as one line naming the file and field, with exit code 2. */
class CommandLineErrorsTest {
  @TempDir Path dir;

  @Test
  void unknownArchitectureExitsWithTwoAndNamesTheSpec() throws Exception {
    Path out = dir.resolve("teacher");
    CommandRun run = CommandRun.of("train-teacher", "--data", "../datasets/fashion-mnist-mini", "--arch", "resnet99", "--out", out.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("architecture spec").contains("resnet99");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingDatasetFolderExitsWithTwoAndNamesIt() {
    CommandRun run = CommandRun.of("train-teacher", "--data", dir.resolve("nowhere").toString(), "--arch", "mlp:784-10", "--out", dir.resolve("t").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("nowhere").contains("no such dataset folder");
  }

  @Test
  void aCorruptModelDoesNotOverwriteAnExistingOutput() throws Exception {
    Path bogus = dir.resolve("bogus.pt");
    Files.writeString(bogus, "not torchscript");
    Path out = dir.resolve("model");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "earlier work");
    CommandRun run = CommandRun.of("import-torchscript", "--file", bogus.toString(), "--data", "../datasets/fashion-mnist-mini", "--out", out.toString(), "--force");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("bogus.pt");
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("earlier work");
  }

  @Test
  void importFashionMnistWithoutTheSourceSaysHowToGetIt() {
    CommandRun run = CommandRun.of("datasets", "import-fashion-mnist", "--source", dir.resolve("absent").toString(), "--out", dir.resolve("fm").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("apt-get install dataset-fashion-mnist");
    assertThat(dir.resolve("fm")).doesNotExist();
  }
}
