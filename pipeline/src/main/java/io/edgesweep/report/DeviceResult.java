package io.edgesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.InvalidInputException;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.SelectionRule;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.bundle.BundleContents;
import io.edgesweep.select.SelectionLimits;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One device's selection as pareto.json and picks.json record it.
 *
 * @param front the front's variant ids, smallest first
 * @param pick the picked variant's id, or null when no variant was feasible
 * @param binding the constraints that bound the pick, as the report words them
 * @param testAccuracy the pick's test-split accuracy, or null without a pick
 * @param indistinguishable front neighbours a two-proportion test cannot tell apart
 * @param floor how the accuracy floor was checked and what it found, or null in a run written before
 */
public record DeviceResult(
    String id,
    String name,
    String deviceClass,
    Objective objective,
    SelectionLimits limits,
    long ramBytes,
    long storageBytes,
    Set<StorageFormat> storageFormats,
    int csrIndexBits,
    int variants,
    int feasible,
    List<String> front,
    String pick,
    String reason,
    List<String> binding,
    AccuracyEstimate testAccuracy,
    List<Neighbours> indistinguishable,
    Floor floor,
    boolean energyIncludesChipPower) {

  /**
   * The accuracy-floor check as picks.json records it.
   *
   * @param compared variants the correction counted
   * @param pickLowerBound the pick's exact lower bound at its Holm level, NaN without a pick
   * @param closest the variant closest to meeting the floor, or null
   * @param closestAccuracy its validation accuracy
   * @param closestLowerBound its lower bound
   */
  public record Floor(String check, double confidence, int compared, int meetingFloor, double pickLowerBound, String closest,
      double closestAccuracy, double closestLowerBound) {}

  /** Validation minus test accuracy of the pick: how much luck its validation score held; NaN without both. */
  public double optimism(AccuracyEstimate validation) {
    return testAccuracy == null || validation == null ? Double.NaN : validation.accuracy() - testAccuracy.accuracy();
  }

  /** Whether the pick's test accuracy meets the floor; null without a test accuracy. */
  public Boolean testMeetsFloor() {
    return testAccuracy == null ? null : testAccuracy.accuracy() >= limits.minAccuracy();
  }

  /** Two front members whose validation accuracies a two-proportion z-test cannot tell apart. */
  public record Neighbours(String smaller, String larger, double pValue) {}

  public boolean hasPick() {
    return pick != null;
  }

  static DeviceResult of(JsonNode pareto, JsonNode picks, String source) {
    String id = pareto.path("device").asText();
    JsonNode hardware = pareto.path("hardware");
    if (hardware.isMissingNode()) {
      throw new InvalidInputException(source, "devices." + id + ".hardware",
          "missing: the run was written by an older edgesweep; run the sweep again (the artifact store makes that quick)");
    }
    Set<StorageFormat> formats = EnumSet.noneOf(StorageFormat.class);
    hardware.path("storage_formats").forEach(f -> formats.add(BundleContents.format(f.asText(), source)));
    JsonNode limits = pareto.path("limits");
    List<String> front = new ArrayList<>();
    pareto.path("front").forEach(c -> front.add(c.path("variant").asText()));
    List<Neighbours> close = new ArrayList<>();
    pareto.path("indistinguishable_neighbours").forEach(n ->
        close.add(new Neighbours(n.path("smaller").asText(), n.path("larger").asText(), n.path("p_value").asDouble())));
    List<String> binding = new ArrayList<>();
    picks.path("binding_constraints").forEach(b -> binding.add(b.asText()));
    JsonNode test = picks.path("test_accuracy");
    AccuracyEstimate testAccuracy = test.isObject() ? AccuracyEstimate.of(test.path("correct").asLong(), test.path("examples").asLong()) : null;
    String pick = pareto.path("pick").isTextual() ? pareto.path("pick").asText() : null;
    JsonNode f = picks.path("floor");
    Floor floor = f.isObject() ? new Floor(f.path("check").asText(), f.path("confidence").asDouble(), f.path("compared").asInt(),
        f.path("meeting_floor").asInt(), f.path("pick_lower_bound").asDouble(Double.NaN),
        f.path("closest").path("variant").isTextual() ? f.path("closest").path("variant").asText() : null,
        f.path("closest").path("validation_accuracy").asDouble(Double.NaN), f.path("closest").path("lower_bound").asDouble(Double.NaN)) : null;
    return new DeviceResult(id, pareto.path("name").asText(), pareto.path("class").asText(),
        Objective.parse(pareto.path("objective").asText(), source, "devices." + id + ".objective"),
        new SelectionLimits(limits.path("min_accuracy").asDouble(), limits.path("max_model_bytes").asLong(), limits.path("max_latency_ms").asDouble(),
            rule(limits, source, id)),
        hardware.path("ram_bytes").asLong(), hardware.path("storage_bytes").asLong(), formats, hardware.path("csr_index_bits").asInt(),
        pareto.path("variants").asInt(), pareto.path("feasible").asInt(), front, pick, picks.path("reason").asText(), binding, testAccuracy, close, floor,
        // A run written before profiles had power: its energies had none either.
        hardware.path("energy_includes_chip_power").asBoolean(false));
  }

  /** The energy as a person should read it: a lower bound where the profile has no chip power. */
  public String energy(double joules) {
    return energyIncludesChipPower ? Units.energy(joules) : "≥ " + Units.energy(joules) + " (no chip power)";
  }

  /** The selection rule the sweep applied; a run written before rules were recorded gets today's default. */
  private static SelectionRule rule(JsonNode limits, String source, String id) {
    if (!limits.has("floor_check")) {
      return SelectionRule.DEFAULT;
    }
    return SelectionRule.parse(limits.path("floor_check").asText(), limits.path("floor_confidence").asDouble(),
        limits.path("accuracy_ties").asText(), limits.path("cheapest_by").asText(), source, "devices." + id + ".limits");
  }
}
