package io.edgesweep.evaluate;

/**
 * One reason a variant may not run on a device, as the cost model and the pick report it.
 *
 * <p>The first three are facts of the hardware and its runtime; the last three are the device
 * class's policy, which {@code edgesweep pick} may override without re-running a sweep.
 */
public enum Constraint {
  /** The runtime cannot read weights in this format (an MCU and fp32, say). */
  WEIGHT_PRECISION("weight precision", true),
  /** The stored model is larger than the storage the profile gives models. */
  STORAGE("storage", true),
  /** Peak memory (live activations, plus weights where they sit in RAM) exceeds the RAM budget. */
  RAM("RAM", true),
  /** The stored model is larger than the profile's max-model-bytes policy. */
  MODEL_BYTES("max model bytes", false),
  /** Estimated batch-1 latency exceeds the latency budget. */
  LATENCY("latency budget", false),
  /** Validation accuracy is below the accuracy floor. */
  ACCURACY("accuracy floor", false);

  private final String label;
  private final boolean hardware;

  Constraint(String label, boolean hardware) {
    this.label = label;
    this.hardware = hardware;
  }

  /** Whether the constraint is a property of the device rather than a policy that can be overridden. */
  public boolean isHardware() {
    return hardware;
  }

  @Override
  public String toString() {
    return label;
  }
}
