package io.edgesweep.compress;

import io.edgesweep.spec.Names;

/**
 * How a real range maps onto the integer grid.
 *
 * <p>Symmetric: zero-point 0, scale = max|w| / (2^(b−1) − 1), codes in [−(2^(b−1) − 1), 2^(b−1) − 1]
 * (the "narrow" signed range: 2^b − 1 levels, so +max and −max are both exact and the grid is
 * symmetric around an exact zero; at 2 bits this is ternary {−s, 0, s}). Affine: the range
 * [min(w, 0), max(w, 0)] onto unsigned codes [0, 2^b − 1] with scale = (max − min) / (2^b − 1) and
 * an integer zero-point, so zero is exactly representable too and pruned weights stay zero.
 */
public enum QuantizationScheme {
  SYMMETRIC,
  AFFINE;

  public String id() {
    return Names.of(this);
  }

  public static QuantizationScheme parse(String text, String source) {
    return Names.parse(QuantizationScheme.class, text, source, "scheme", "scheme");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
