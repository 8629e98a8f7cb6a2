package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.evaluate.DeviceConstraints;
import io.edgesweep.evaluate.DeviceProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sweep spec's {@code constraints:} entries applied to the real profiles when the sweep is planned. */
class SpecPolicyTest {
  static final Path PROFILES = TestData.repositoryRoot().resolve("device-profiles");

  static SweepSpec spec(Map<String, SweepSpec.DevicePolicy> constraints) {
    return new SweepSpec("demo.yaml", "demo", 1, Path.of("d"), new SweepSpec.Teacher(null, "mlp:784-32-10", null), List.of(),
        List.of(PROFILES.resolve("rpi4.yaml"), PROFILES.resolve("nrf52840.yaml")), 500, constraints);
  }

  @Test
  void theSpecsValuesReplaceTheProfilesAndTheProfilesOwnAreKept() {
    List<DeviceProfile> devices = SweepPlan.loadDevices(spec(Map.of("rpi4", new SweepSpec.DevicePolicy(0.75, null, null))));
    DeviceConstraints rpi4 = devices.get(0).constraints();
    assertThat(rpi4.accuracyFloor()).isEqualTo(0.75);
    assertThat(rpi4.overriddenBy().spec()).isEqualTo("demo.yaml");
    // The profile says 80% (device-profiles/rpi4.yaml); its other policy and its confidence are untouched.
    assertThat(rpi4.overriddenBy().profile().accuracyFloor()).isEqualTo(0.80);
    assertThat(rpi4.latencyBudgetMs()).isEqualTo(rpi4.overriddenBy().profile().latencyBudgetMs());
    assertThat(rpi4.maxModelBytes()).isEqualTo(rpi4.overriddenBy().profile().maxModelBytes());
    assertThat(rpi4.selection()).isEqualTo(rpi4.overriddenBy().profile().selection());
    assertThat(rpi4.selection().floorConfidence()).isEqualTo(0.95);
    assertThat(devices.get(1).constraints().overriddenBy()).isNull();
    assertThat(devices.get(1).constraints().accuracyFloor()).isEqualTo(0.75);
  }

  @Test
  void anIdThatNamesNoProfileOfTheSweepIsRefused() {
    assertThatThrownBy(() -> SweepPlan.loadDevices(spec(Map.of("rpi5", new SweepSpec.DevicePolicy(0.7, null, null)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("demo.yaml: constraints.rpi5: ")
        .hasMessageContaining("rpi4, nrf52840");
  }
}
