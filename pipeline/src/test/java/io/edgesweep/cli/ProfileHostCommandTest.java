package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile-host} runs its whole path (train, build variants, time, fit, print, write) on a
 * tiny model. Nothing here checks a speed: the figures are the command's output, not a test's.
 */
class ProfileHostCommandTest {
  @TempDir Path dir;

  @Test
  void measuresFitsPrintsAndWritesTheProfile() throws Exception {
    Path profile = dir.resolve("host.yaml");
    Files.copy(Path.of("../device-profiles/host.yaml"), profile);
    List<String> before = Files.readAllLines(profile);

    CommandRun run = CommandRun.of("profile-host", "--arch", "mlp:784-8-10", "--data", "../datasets/fashion-mnist-mini", "--train-epochs", "1",
        "--repeats", "3", "--warm-up", "1", "--batches", "1,4", "--profile", profile.toString(), "--write-profile", "--even-if-busy");

    String printed = run.out();
    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(printed).contains("$ edgesweep profile-host --arch mlp:784-8-10").contains("measured ms").contains("held-out ms");
    assertThat(printed).contains("mlp:784-8-10").contains("structured 0.50 + int8 w+a").contains("fp16 w+a");
    assertThat(printed).contains("within ±25%, held out (leave one variant out):").contains("of 22 rows");
    assertThat(printed).contains("compute efficiency fp32").contains("wrote the fitted factors to " + profile);

    DeviceProfile written = DeviceProfiles.load(profile);
    assertThat(written.efficiencyFitted()).isTrue();
    assertThat(written.activationConversion()).containsKeys("int", "fp16");
    List<String> after = Files.readAllLines(profile);
    assertThat(String.join("\n", after)).contains("# Fitted by `edgesweep profile-host --arch mlp:784-8-10");
    assertThat(after.subList(after.indexOf("weights:"), after.size())).isEqualTo(before.subList(before.indexOf("weights:"), before.size()));
  }

  @Test
  void refusesToFitAProfileThatIsNotTheHosts() {
    CommandRun run = CommandRun.of("profile-host", "--arch", "mlp:784-8-10", "--profile", "../device-profiles/rpi4.yaml");
    assertThat(run.code()).isEqualTo(ErrorReporter.BAD_INPUT);
    assertThat(run.err()).contains("rpi4.yaml").contains("class").contains("host profile");
  }
}
