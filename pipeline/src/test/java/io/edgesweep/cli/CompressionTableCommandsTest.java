package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the two measuring commands on the mini dataset with tiny settings, through {@link Main#run}. */
class CompressionTableCommandsTest {
  @TempDir static Path dir;
  static Path mini;
  static Path teacher;

  /** Exit code, stdout and stderr of one command line. */
  record Run(int code, String out, String err) {}

  @BeforeAll
  static void trainTeacher() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("datasets/fashion-mnist-mini"))) {
      root = root.getParent();
    }
    mini = root.resolve("datasets/fashion-mnist-mini");
    teacher = dir.resolve("teacher");
    Run run = run("train-teacher", "--data", mini.toString(), "--arch", "mlp:784-64-10", "--epochs", "2", "--out", teacher.toString());
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void distillTablePrintsEveryTemperatureAgainstTheLabelOnlyStudent() {
    Run run = run("distill-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--student", "mlp:784-16-10",
        "--temperatures", "2,4", "--epochs", "1");
    assertThat(run.code()).as(run.err()).isZero();
    // The label-only baseline is added when it is not asked for.
    assertThat(run.out()).contains("| none |").contains("| 2 |").contains("| 4 |").contains("| T | validation accuracy |");
  }

  @Test
  void compressTableStartsFromTheTeacherItself() {
    Run run = run("compress-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--ratios", "0,0.9",
        "--bits", "32,4", "--fine-tune-epochs", "1");
    assertThat(run.code()).as(run.err()).isZero();
    Matcher teacherLine = Pattern.compile("validation (\\d+\\.\\d\\d)%, test (\\d+\\.\\d\\d)%").matcher(run.out());
    assertThat(teacherLine.find()).isTrue();
    // Ratio 0 at 32 bits without fine-tune is the teacher: the same accuracy to the last image.
    assertThat(run.out()).contains("| 0.0 | 32 (float) | " + teacherLine.group(1) + " | " + teacherLine.group(2) + " |");
    assertThat(run.out()).contains("| 0.9 | 4 |").contains("| 0.9 | 8 + act 8 (minmax) |");
  }

  @Test
  void aRatioOfOneIsBadInputNamingTheFlag() {
    Run run = run("compress-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--ratios", "0.5,1.0");
    assertThat(run.code()).isEqualTo(ErrorReporter.BAD_INPUT);
    assertThat(run.err()).contains("--ratios").contains("[0, 1)");
  }

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
