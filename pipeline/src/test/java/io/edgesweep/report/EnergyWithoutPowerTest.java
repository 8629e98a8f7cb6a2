package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.TestData;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile without a power figure has energies that count arithmetic and data movement only;
 * picks.json records that, and the report shows them as lower bounds rather than as the device's.
 * Every shipped profile now has a power block, so the example is a shipped one with it removed.
 */
class EnergyWithoutPowerTest {
  @Test
  void energyWithoutChipPowerIsShownAsALowerBound(@TempDir Path dir) throws IOException {
    DeviceResult rpi4 = roundTrip(DeviceProfiles.load(shipped("rpi4")));
    DeviceResult host = roundTrip(DeviceProfiles.load(withoutPowerBlock(shipped("host"), dir)));

    assertThat(rpi4.energyIncludesChipPower()).isTrue();
    assertThat(rpi4.energy(2.5e-6)).isEqualTo("2.50 µJ");
    assertThat(host.energyIncludesChipPower()).isFalse();
    assertThat(host.energy(2.5e-6)).isEqualTo("≥ 2.50 µJ (no chip power)");
  }

  private static Path shipped(String profile) {
    return TestData.repositoryRoot().resolve("device-profiles/" + profile + ".yaml");
  }

  /** A copy of the profile without its top-level {@code power:} mapping. */
  private static Path withoutPowerBlock(Path profile, Path dir) throws IOException {
    List<String> kept = new ArrayList<>();
    boolean inPower = false;
    for (String line : Files.readAllLines(profile)) {
      boolean topLevel = !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#");
      if (topLevel) {
        inPower = line.startsWith("power:");
      }
      if (!inPower) {
        kept.add(line);
      }
    }
    Path copy = dir.resolve(profile.getFileName());
    Files.write(copy, kept);
    assertThat(DeviceProfiles.load(profile).power()).as("the shipped profile has power").isNotNull();
    return copy;
  }

  /** The device as picks.json records it and a re-rendered report reads it back. */
  private static DeviceResult roundTrip(DeviceProfile device) {
    ObjectNode pareto = SelectionJson.JSON.createObjectNode();
    SelectionJson.describeDevice(pareto, device);
    SelectionJson.hardware(pareto.putObject("hardware"), device);
    return DeviceResult.of(pareto, SelectionJson.JSON.createObjectNode(), "picks.json");
  }
}
