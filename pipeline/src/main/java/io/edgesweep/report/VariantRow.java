package io.edgesweep.report;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Precision;
import io.edgesweep.select.Candidate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of variants.parquet as read back: where the variant sits in the grid, what was measured,
 * and what each device's estimate and selection said.
 *
 * @param coordinates the stage columns of the grid, name to value as text, in the grid's order
 * @param description the one-line description, as in {@code mlp:784-100-10 T=4 magnitude-global 0.8
 *     w4 per-channel symmetric a=int8}
 * @param testAccuracy test-split accuracy; measured only for picked variants, else null (picks.json
 *     has its counts and interval)
 * @param devices per device id, in the run's device order
 */
public record VariantRow(
    String id,
    Map<String, String> coordinates,
    String description,
    String modelKind,
    String modelKey,
    String floatModelKind,
    String floatModelKey,
    String arch,
    long parameters,
    long nonZeroParameters,
    double sparsity,
    List<Precision> weightPrecisions,
    AccuracyEstimate accuracy,
    double crossEntropy,
    double teacherAgreement,
    Double testAccuracy,
    Map<String, OnDevice> devices) {

  /**
   * One device's view of the variant.
   *
   * @param violations every constraint broken under the run's policy, as the report shows them
   * @param hardwareViolations the hardware ones alone, which no pick-time override lifts
   */
  public record OnDevice(
      long bytes,
      String storageFormat,
      double latencyMs,
      double energyJoules,
      long peakRamBytes,
      long macs,
      boolean feasible,
      String violations,
      Set<Constraint> hardwareViolations,
      boolean onFront,
      boolean picked) {}

  public OnDevice on(String deviceId) {
    OnDevice d = devices.get(deviceId);
    if (d == null) {
      throw new IllegalArgumentException("variant " + id + " has no estimate for device " + deviceId + "; have " + devices.keySet());
    }
    return d;
  }

  /** The selection candidate on a device, exactly as the sweep built it. */
  public Candidate candidate(String deviceId) {
    OnDevice d = on(deviceId);
    return new Candidate(id, accuracy, d.bytes(), d.latencyMs(), d.energyJoules(), d.peakRamBytes(), weightPrecisions, d.storageFormat(),
        d.hardwareViolations());
  }

  /** A one-line description: {@code mlp:784-100-10 T=4 magnitude-global 0.8 w4 per-channel symmetric a=int8}. */
  public String describe() {
    return description;
  }
}
