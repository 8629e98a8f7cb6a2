package io.edgesweep.compress;

import io.edgesweep.spec.Names;

/**
 * Where quantization-aware training takes the weights' scales from at each step.
 *
 * <ul>
 *   <li>{@code recomputed}: refitted from the current weights every step (least squares on a
 *       symmetric grid, max-based on an affine one; {@link ShadowWeights});
 *   <li>{@code learned}: trainable step sizes, LSQ (Esser et al., "Learned Step Size
 *       Quantization", ICLR 2020; {@link LearnedScales}); symmetric grids only.
 * </ul>
 */
public enum QatScales {
  RECOMPUTED,
  LEARNED;

  public String id() {
    return Names.of(this);
  }

  public static QatScales parse(String text, String source) {
    return Names.parse(QatScales.class, text, source, "scales", "scale source");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
