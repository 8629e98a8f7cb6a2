package io.edgesweep.compress;

import io.edgesweep.spec.Names;

/**
 * Whether a weight tensor gets one scale or one per output channel (axis 0).
 *
 * <p>Per channel is what PyTorch, TFLite and ONNX Runtime use for weights by default: rows of a
 * layer can differ in range by an order of magnitude, and one scale for all of them wastes most of
 * the grid on the small rows. It costs one scale (and zero-point) per row.
 */
public enum Granularity {
  PER_TENSOR("per-tensor"),
  PER_CHANNEL("per-channel");

  private final String id;

  Granularity(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Granularity parse(String text, String source) {
    return Names.parse(Granularity.class, Granularity::id, text, source, "granularity", "granularity");
  }

  @Override
  public String toString() {
    return id;
  }
}
