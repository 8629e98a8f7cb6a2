package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile-host} runs its whole path (train, build variants, time, fit, print, write) on a
 * tiny model. Nothing here checks a speed: the figures are the command's output, not a test's.
 */
class ProfileHostCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;
  @TempDir Path dir;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void measuresFitsPrintsAndWritesTheProfile() throws Exception {
    Path profile = dir.resolve("host.yaml");
    Files.copy(Path.of("../device-profiles/host.yaml"), profile);
    List<String> before = Files.readAllLines(profile);

    int code = Main.run("profile-host", "--arch", "mlp:784-8-10", "--data", "../datasets/fashion-mnist-mini", "--train-epochs", "1",
        "--repeats", "3", "--warm-up", "1", "--batches", "1,4", "--profile", profile.toString(), "--write-profile");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
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
    int code = Main.run("profile-host", "--arch", "mlp:784-8-10", "--profile", "../device-profiles/rpi4.yaml");
    assertThat(code).isEqualTo(ErrorReporter.BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("rpi4.yaml").contains("class").contains("host profile");
  }
}
