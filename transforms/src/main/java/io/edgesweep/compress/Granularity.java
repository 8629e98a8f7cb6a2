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
  PER_TENSOR,
  PER_CHANNEL;

  public String id() {
    return Names.of(this);
  }

  public static Granularity parse(String text, String source) {
    return Names.parse(Granularity.class, text, source, "granularity", "granularity");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
