package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command's help is rendered as written: picocli formats descriptions with {@code
 * String.format}, so a lone {@code %} (as in "±25%") made it print a warning and the raw text.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpFormatsWithoutPicocliWarnings() {
    List<String> commands = List.of("sweep", "report", "pick", "export", "store", "cluster", "datasets", "train-teacher",
        "import-onnx", "import-torchscript", "run-onnx", "run-bundle", "profile-host", "distill-table", "compress-table");
    for (String command : commands) {
      CommandRun run = CommandRun.of(command, "--help");
      assertThat(run.code()).as(command + ": " + run.err()).isZero();
      assertThat(run.out() + run.err()).as(command).doesNotContain("Could not format").doesNotContain("%%");
    }
    assertThat(CommandRun.of("profile-host", "--help").out()).contains("with the share within ±25%\n");
  }
}
