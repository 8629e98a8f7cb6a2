package io.edgesweep.compress;

import java.io.Serializable;

/**
 * How a stage's output stores one layer's weights, in the terms the cost model counts bytes in.
 *
 * <p>A stage that brings its own number format implements this (the codebook's {@link
 * CodebookFormat}) and returns it from {@link StageKind#weightFormat}; the cost model prices any
 * implementation without naming it. It lives here, above the cost model, so that a stage's own
 * class can implement it; the cost model's linear formats ({@code evaluate.WeightEncoding}) are
 * implementations too.
 *
 * <p>Its bundle side, how one layer's codes and side arrays are written and read back, is the
 * format's {@link CodeLayout}: a stage kind returns both ({@link StageKind#weightFormat}, {@link
 * StageKind#pack}, {@link StageKind#codeReaders}), so neither the cost model nor the bundle names
 * a format.
 */
public interface WeightFormat extends Serializable {
  /** Bits of one weight code as kernels see it: the weights' precision. */
  int bits();

  /** Whether the codes are IEEE floats (fp32, fp16) rather than integers or indices. */
  boolean isFloat();

  /** Float32 side values stored for a weight with {@code rows} output channels: scales, centroids. */
  long scaleCount(long rows);

  /** Zero-points stored, at {@link #bits()} each, for a weight with {@code rows} output channels. */
  long zeroPointCount(long rows);

  /**
   * Bits of one stored value.
   *
   * @param storesZero whether the layout stores a value for some zero weight (a dense layer with
   *     zeros, CSR filler entries)
   */
  default int valueBits(boolean storesZero) {
    return bits();
  }

  /** Bits of one bias value. */
  int biasBits();

  /** The format once a runtime has converted the weights to an integer kernel of {@code bits}. */
  WeightFormat atIntegerWidth(int bits);
}
