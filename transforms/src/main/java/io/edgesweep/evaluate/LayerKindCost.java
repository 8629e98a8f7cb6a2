package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * How one kind of layer (convolution, max pooling) runs on a device compared with a dense layer.
 *
 * <p>One efficiency per precision treats every kernel alike, and on a measured runtime they are
 * not: on the host, DJL/PyTorch pays several times more per call for a convolution or a pooling
 * operator than for a matrix product, and its max pooling moves bytes far more slowly. A profile
 * may say so per kind; a kind it does not list runs like a dense layer.
 *
 * @param relativeSpeed multiplies both the effective MAC rate and the effective bandwidth of this
 *     kind's layers (1 = as fast as a dense layer)
 * @param overheadSeconds fixed cost of one such layer, in place of the profile's
 *     {@code layer-overhead-seconds}
 */
public record LayerKindCost(double relativeSpeed, double overheadSeconds) implements Serializable {
  private static final long serialVersionUID = 1L;

  public LayerKindCost {
    if (!(relativeSpeed > 0) || Double.isInfinite(relativeSpeed)) {
      throw new IllegalArgumentException("relative speed must be positive and finite, got " + relativeSpeed);
    }
    if (!(overheadSeconds >= 0) || Double.isInfinite(overheadSeconds)) {
      throw new IllegalArgumentException("overhead must be ≥ 0 seconds, got " + overheadSeconds);
    }
  }
}
