package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

  @BeforeAll
  static void trainTeacher() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("datasets/fashion-mnist-mini"))) {
      root = root.getParent();
    }
    mini = root.resolve("datasets/fashion-mnist-mini");
    teacher = dir.resolve("teacher");
    CommandRun run = CommandRun.of("train-teacher", "--data", mini.toString(), "--arch", "mlp:784-64-10", "--epochs", "2", "--out", teacher.toString());
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void distillTablePrintsEveryTemperatureAgainstTheLabelOnlyStudent() {
    CommandRun run = CommandRun.of("distill-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--student", "mlp:784-16-10",
        "--temperatures", "2,4", "--epochs", "1");
    assertThat(run.code()).as(run.err()).isZero();
    // The label-only baseline is added when it is not asked for.
    assertThat(run.out()).contains("| none |").contains("| 2 |").contains("| 4 |").contains("| T | validation accuracy |");
  }

  @Test
  void compressTableStartsFromTheTeacherItself() {
    CommandRun run = CommandRun.of("compress-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--ratios", "0,0.9",
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
    CommandRun run = CommandRun.of("compress-table", "--data", mini.toString(), "--teacher", teacher.toString(), "--ratios", "0.5,1.0");
    assertThat(run.code()).isEqualTo(ErrorReporter.BAD_INPUT);
    assertThat(run.err()).contains("--ratios").contains("[0, 1)");
  }
}
