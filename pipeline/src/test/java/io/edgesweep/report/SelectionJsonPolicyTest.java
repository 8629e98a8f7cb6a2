package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.TestData;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import org.junit.jupiter.api.Test;

/** picks.json says when a sweep spec, not the profile, set a device's policy. */
class SelectionJsonPolicyTest {
  @Test
  void anOverriddenPolicyNamesTheSpecAndTheProfilesOwnValues() {
    DeviceProfile rpi4 = DeviceProfiles.load(TestData.repositoryRoot().resolve("device-profiles/rpi4.yaml"));
    ObjectNode untouched = SelectionJson.JSON.createObjectNode();
    SelectionJson.policyOverride(untouched, rpi4);
    assertThat(untouched.has("policy_set_by_spec")).isFalse();

    DeviceProfile lowered = rpi4.withConstraints(rpi4.constraints().overriddenBy("sweeps/demo.yaml", 0.75, null, null));
    ObjectNode node = SelectionJson.JSON.createObjectNode();
    SelectionJson.policyOverride(node, lowered);
    assertThat(node.at("/policy_set_by_spec/spec").asText()).isEqualTo("sweeps/demo.yaml");
    assertThat(node.at("/policy_set_by_spec/profile_policy/min_accuracy").asDouble()).isEqualTo(0.80);
    assertThat(node.at("/policy_set_by_spec/profile_policy/max_model_bytes").asLong()).isEqualTo(rpi4.constraints().maxModelBytes());
    assertThat(node.at("/policy_set_by_spec/profile_policy/max_latency_ms").asDouble()).isEqualTo(rpi4.constraints().latencyBudgetMs());
  }
}
