package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input reaches the user as one line naming the file and field, with exit code 2. */
class CommandLineErrorsTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;
  @TempDir Path dir;

  @BeforeEach
  void captureErr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true));
  }

  @AfterEach
  void restoreErr() {
    System.setErr(originalErr);
  }

  @Test
  void unknownArchitectureExitsWithTwoAndNamesTheSpec() throws Exception {
    Path out = dir.resolve("teacher");
    int code = Main.run("train-teacher", "--data", "../datasets/fashion-mnist-mini", "--arch", "resnet99", "--out", out.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("architecture spec").contains("resnet99");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingDatasetFolderExitsWithTwoAndNamesIt() {
    int code = Main.run("train-teacher", "--data", dir.resolve("nowhere").toString(), "--arch", "mlp:784-10", "--out", dir.resolve("t").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nowhere").contains("no such dataset folder");
  }

  @Test
  void aCorruptModelDoesNotOverwriteAnExistingOutput() throws Exception {
    Path bogus = dir.resolve("bogus.pt");
    Files.writeString(bogus, "not torchscript");
    Path out = dir.resolve("model");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "earlier work");
    int code = Main.run("import-torchscript", "--file", bogus.toString(), "--data", "../datasets/fashion-mnist-mini", "--out", out.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("bogus.pt");
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("earlier work");
  }

  @Test
  void importFashionMnistWithoutTheSourceSaysHowToGetIt() {
    int code = Main.run("datasets", "import-fashion-mnist", "--source", dir.resolve("absent").toString(), "--out", dir.resolve("fm").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("apt-get install dataset-fashion-mnist");
    assertThat(dir.resolve("fm")).doesNotExist();
  }
}
