package io.edgesweep.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.DeviceConstraints;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.SelectionRule;
import io.edgesweep.select.AccuracyComparison;
import io.edgesweep.select.AccuracyFloor;
import io.edgesweep.select.Candidate;
import io.edgesweep.select.DevicePick;
import io.edgesweep.transforms.SweepOutcome;
import io.edgesweep.transforms.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes pareto.json (per device: limits, front, infeasible count, pick) and picks.json (per
 * device: the pick with its coordinates, validation and test accuracy, cost and reason).
 *
 * <p>JSON for scripts and CI checks; the same content as the report's tables.
 */
public final class SelectionJson {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SelectionJson() {}

  public static void writePareto(SweepOutcome outcome, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode devices = root.putArray("devices");
    for (SweepOutcome.DeviceOutcome d : outcome.devices()) {
      DevicePick pick = d.pick();
      ObjectNode node = devices.addObject();
      describeDevice(node, d.device());
      hardware(node.putObject("hardware"), d.device());
      limits(node.putObject("limits"), pick);
      node.put("variants", pick.candidates());
      node.put("feasible", pick.feasibleCount());
      ArrayNode front = node.putArray("front");
      for (Candidate c : pick.front()) {
        candidate(front.addObject(), c, find(outcome, c.variantId()));
      }
      node.put("pick", pick.hasPick() ? pick.pick().variantId() : null);
      ArrayNode close = node.putArray("indistinguishable_neighbours");
      for (AccuracyComparison.Neighbours n : d.indistinguishable()) {
        ObjectNode pair = close.addObject();
        pair.put("smaller", n.smaller().variantId());
        pair.put("larger", n.larger().variantId());
        pair.put("p_value", n.test().pValue());
      }
    }
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  public static void writePicks(SweepOutcome outcome, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    for (SweepOutcome.DeviceOutcome d : outcome.devices()) {
      ObjectNode node = root.putObject(d.device().id());
      DevicePick pick = d.pick();
      describeDevice(node, d.device());
      policyOverride(node, d.device());
      node.put("reason", pick.reason());
      ArrayNode binding = node.putArray("binding_constraints");
      pick.binding().forEach(c -> binding.add(c.toString()));
      floor(node.putObject("floor"), pick);
      if (!pick.hasPick()) {
        node.putNull("variant");
        continue;
      }
      VariantResult v = d.picked();
      node.put("variant", v.id());
      candidate(node.putObject("metrics"), pick.pick(), v);
      AccuracyEstimate test = d.testAccuracy();
      ObjectNode testNode = node.putObject("test_accuracy");
      accuracy(testNode, test);
      // The pick's own account of its luck: how much better it looked on validation than on test,
      // and whether the split selection never saw confirms the floor.
      node.put("validation_accuracy", pick.pick().accuracyValue());
      node.put("optimism", pick.pick().accuracyValue() - test.accuracy());
      node.put("test_meets_floor", test.accuracy() >= pick.limits().minAccuracy());
    }
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  static void describeDevice(ObjectNode node, DeviceProfile device) {
    node.put("device", device.id());
    node.put("name", device.name());
    node.put("class", device.deviceClass().toString());
    node.put("objective", device.objective().toString());
  }

  /** When the sweep spec set this device's policy: which spec, and the profile's own values it replaced. */
  static void policyOverride(ObjectNode node, DeviceProfile device) {
    DeviceConstraints.SpecOverride override = device.constraints().overriddenBy();
    if (override == null) {
      return;
    }
    ObjectNode o = node.putObject("policy_set_by_spec");
    o.put("spec", override.spec());
    ObjectNode profile = o.putObject("profile_policy");
    profile.put("min_accuracy", override.profile().accuracyFloor());
    profile.put("max_model_bytes", override.profile().maxModelBytes());
    profile.put("max_latency_ms", override.profile().latencyBudgetMs());
  }

  /**
   * What an export and a re-rendered report need of the profile besides the policy: the layouts
   * the runtime reads (the bundle is written in them) and the budgets the hardware constraints
   * were checked against.
   */
  static void hardware(ObjectNode node, DeviceProfile device) {
    node.put("ram_bytes", device.ramBytes());
    node.put("storage_bytes", device.storageBytes());
    ArrayNode precisions = node.putArray("weight_precisions");
    device.weightPrecisions().forEach(p -> precisions.add(p.toString()));
    ArrayNode formats = node.putArray("storage_formats");
    device.storageFormats().forEach(f -> formats.add(f.yamlName()));
    node.put("csr_index_bits", device.csrIndexBits());
    node.put("sparse_compute", device.sparseCompute());
    node.put("profile", device.source());
    node.put("profile_sha256", device.sourceSha256());
    // Without a power figure the estimate is arithmetic and data movement only, a lower bound
    // that on a microcontroller misses some hundred times the figure (docs/cost-model.md).
    node.put("energy_includes_chip_power", device.power() != null);
  }

  static void limits(ObjectNode node, DevicePick pick) {
    node.put("min_accuracy", pick.limits().minAccuracy());
    node.put("max_model_bytes", pick.limits().maxModelBytes());
    node.put("max_latency_ms", pick.limits().maxLatencyMs());
    SelectionRule rule = pick.limits().rule();
    node.put("floor_check", rule.floorCheck().toString());
    node.put("floor_confidence", rule.floorConfidence());
    node.put("accuracy_ties", rule.accuracyTies().toString());
    node.put("cheapest_by", rule.cheapestBy().toString());
  }

  /** How the floor was checked, the pick's bound, and, when nothing met the floor, the variant that came closest. */
  static void floor(ObjectNode node, DevicePick pick) {
    AccuracyFloor.Summary floor = pick.floor();
    node.put("min_accuracy", pick.limits().minAccuracy());
    node.put("check", pick.limits().rule().floorCheck().toString());
    node.put("confidence", pick.limits().rule().floorConfidence());
    node.put("compared", floor.compared());
    node.put("meeting_floor", floor.meetingFloor());
    if (floor.pick() != null) {
      node.put("pick_lower_bound", floor.pick().lowerBound());
      node.put("pick_adjusted_p_value", floor.pick().adjustedPValue());
    }
    AccuracyFloor.Verdict closest = floor.closest();
    if (closest != null && floor.pick() == null) {
      ObjectNode c = node.putObject("closest");
      c.put("variant", closest.candidate().variantId());
      c.put("validation_accuracy", closest.candidate().accuracyValue());
      c.put("lower_bound", closest.lowerBound());
      c.put("adjusted_p_value", closest.adjustedPValue());
      c.put("meets_floor", closest.meetsFloor());
    }
  }

  private static final String LABEL = "_label";

  static void candidate(ObjectNode node, Candidate c, VariantResult v) {
    node.put("variant", c.variantId());
    ObjectNode coordinates = node.putObject("coordinates");
    Map<String, Object> columns = v.coordinates().columns();
    columns.forEach((name, value) -> {
      // A number written twice ("temperature" and "temperature_label") is shown by its label.
      if (name.endsWith(LABEL) && columns.containsKey(name.substring(0, name.length() - LABEL.length()))) {
        coordinates.putPOJO(name.substring(0, name.length() - LABEL.length()), value);
      } else if (!columns.containsKey(name + LABEL)) {
        coordinates.putPOJO(name, value);
      }
    });
    node.put("description", v.coordinates().describe());
    node.put("arch", v.arch());
    node.put("model_key", v.modelKey());
    accuracy(node.putObject("validation_accuracy"), c.accuracy());
    node.put("bytes", c.bytes());
    node.put("storage_format", c.storageFormat());
    node.put("latency_ms", c.latencyMs());
    node.put("energy_mj", c.energyJoules() * 1e3);
    node.put("peak_ram_bytes", c.peakRamBytes());
    node.put("parameters", v.parameters());
    node.put("nonzero_parameters", v.nonZeroParameters());
  }

  static void accuracy(ObjectNode node, AccuracyEstimate a) {
    node.put("accuracy", a.accuracy());
    node.put("low", a.low());
    node.put("high", a.high());
    node.put("correct", a.correct());
    node.put("examples", a.n());
  }

  static VariantResult find(SweepOutcome outcome, String id) {
    return outcome.variants().stream().filter(v -> v.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no variant " + id));
  }
}
