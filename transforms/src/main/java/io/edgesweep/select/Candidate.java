package io.edgesweep.select;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.CostEstimate;
import io.edgesweep.evaluate.Precision;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One variant on one device, reduced to the numbers selection compares.
 *
 * <p>Small and plain on purpose: the pipeline builds it from an evaluation row, {@code edgesweep
 * pick} from {@code variants.parquet}, tests by hand. Only the hardware constraints (weight format,
 * storage, RAM) are carried as verdicts; the policy ones (max model bytes, latency budget,
 * accuracy floor) are checked at selection from the raw numbers, so that they can be overridden.
 *
 * @param variantId the variant's id, also the last tie-break
 * @param accuracy validation accuracy with its interval
 * @param bytes stored model bytes in the device's chosen format
 * @param latencyMs estimated batch-1 latency
 * @param energyJoules estimated energy of one inference
 * @param peakRamBytes estimated peak memory
 * @param weightPrecisions the model's weight formats
 * @param storageFormat the storage format(s) chosen, as in {@code csr} or {@code dense+csr}
 * @param hardwareViolations hardware constraints the variant breaks on this device
 */
public record Candidate(
    String variantId,
    AccuracyEstimate accuracy,
    long bytes,
    double latencyMs,
    double energyJoules,
    long peakRamBytes,
    List<Precision> weightPrecisions,
    String storageFormat,
    Set<Constraint> hardwareViolations)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public Candidate {
    if (variantId == null || variantId.isBlank()) {
      throw new IllegalArgumentException("a candidate needs a variant id");
    }
    if (accuracy == null) {
      throw new IllegalArgumentException(variantId + ": accuracy is null");
    }
    if (bytes < 0 || !(latencyMs >= 0) || !(energyJoules >= 0) || peakRamBytes < 0) {
      throw new IllegalArgumentException(variantId + ": bytes, latency, energy and RAM must be non-negative numbers");
    }
    for (Constraint c : hardwareViolations) {
      if (!c.isHardware()) {
        throw new IllegalArgumentException(variantId + ": " + c + " is a policy constraint; selection checks it from the numbers");
      }
    }
    weightPrecisions = List.copyOf(weightPrecisions);
    hardwareViolations = Collections.unmodifiableSet(hardwareViolations.isEmpty() ? EnumSet.noneOf(Constraint.class) : EnumSet.copyOf(hardwareViolations));
  }

  /** The candidate for a variant from its accuracy and its cost estimate on the device (batch 1). */
  public static Candidate of(String variantId, AccuracyEstimate accuracy, CostEstimate cost) {
    if (cost.batch() != 1) {
      throw new IllegalArgumentException(variantId + ": selection compares batch-1 estimates, got batch " + cost.batch());
    }
    Set<Constraint> hardware = EnumSet.noneOf(Constraint.class);
    for (Constraint c : cost.violations()) {
      if (c.isHardware()) {
        hardware.add(c);
      }
    }
    return new Candidate(variantId, accuracy, cost.storedBytes(), cost.latencyMs(), cost.energyJoules(), cost.peakRamBytes(),
        cost.weightPrecisions(), cost.storageFormatSummary(), hardware);
  }

  /** Accuracy as a number, higher is better. */
  public double accuracyValue() {
    return accuracy.accuracy();
  }
}
