package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.TestData;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import org.junit.jupiter.api.Test;

/**
 * A profile without a power figure has energies that count arithmetic and data movement only;
 * picks.json records that, and the report shows them as lower bounds rather than as the device's.
 */
class EnergyWithoutPowerTest {
  @Test
  void energyWithoutChipPowerIsShownAsALowerBound() {
    DeviceResult rpi4 = roundTrip("rpi4");
    DeviceResult host = roundTrip("host");

    assertThat(rpi4.energyIncludesChipPower()).isTrue();
    assertThat(rpi4.energy(2.5e-6)).isEqualTo("2.50 µJ");
    assertThat(host.energyIncludesChipPower()).isFalse();
    assertThat(host.energy(2.5e-6)).isEqualTo("≥ 2.50 µJ (no chip power)");
  }

  /** The device as picks.json records it and a re-rendered report reads it back. */
  private static DeviceResult roundTrip(String profile) {
    DeviceProfile device = DeviceProfiles.load(TestData.repositoryRoot().resolve("device-profiles/" + profile + ".yaml"));
    ObjectNode pareto = SelectionJson.JSON.createObjectNode();
    SelectionJson.describeDevice(pareto, device);
    SelectionJson.hardware(pareto.putObject("hardware"), device);
    return DeviceResult.of(pareto, SelectionJson.JSON.createObjectNode(), "picks.json");
  }
}
