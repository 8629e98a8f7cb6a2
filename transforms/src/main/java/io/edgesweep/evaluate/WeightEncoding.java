package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * How one layer's weights are stored: their format and, for integers, their scales.
 *
 * <p>This is what the size arithmetic needs to know about quantization, and no more: the scale
 * values themselves do not change the byte count. Integer weights store float32 scales and, when
 * the quantizer is affine, one zero-point per scale at the weight bit width (a zero-point lies in
 * the integer range, so it fits). Float weights store no scales.
 *
 * @param precision fp32, fp16 or intN
 * @param granularity one scale per tensor or per output channel; ignored for floats
 * @param affine whether zero-points are stored (affine) or are all zero (symmetric); ignored for
 *     floats
 */
public record WeightEncoding(Precision precision, ScaleGranularity granularity, boolean affine) implements Serializable {
  private static final long serialVersionUID = 1L;

  public WeightEncoding {
    if (precision == null) {
      throw new IllegalArgumentException("weight precision is null");
    }
    if (precision.isFloat()) {
      granularity = null;
      affine = false;
    } else if (granularity == null) {
      throw new IllegalArgumentException("integer weights need a scale granularity");
    }
  }

  public static WeightEncoding float32() {
    return new WeightEncoding(Precision.FP32, null, false);
  }

  public static WeightEncoding float16() {
    return new WeightEncoding(Precision.FP16, null, false);
  }

  /** b-bit integer weights. */
  public static WeightEncoding integer(int bits, ScaleGranularity granularity, boolean affine) {
    return new WeightEncoding(Precision.integer(bits), granularity, affine);
  }

  /** b-bit indices into a per-tensor codebook of 2^b float32 centroids. */
  public static WeightEncoding codebook(int bits) {
    return new WeightEncoding(Precision.integer(bits), ScaleGranularity.CODEBOOK, false);
  }

  /** Scales (or codebook centroids) stored for a weight with {@code rows} output channels. */
  public long scaleCount(long rows) {
    if (precision.isFloat()) {
      return 0;
    }
    return switch (granularity) {
      case PER_CHANNEL -> rows;
      case PER_TENSOR -> 1;
      case CODEBOOK -> 1L << precision.bits();
    };
  }

  /**
   * Bits of one stored value. Integer and float values take the weight width: their zero is a
   * code like any other. A codebook's 2^b centroids are the non-zero weights' (k-means runs over
   * those only), so when the layout must store a zero (a dense layer with zeros, CSR filler
   * entries) the index needs one more bit, for the index 2^b that stands for 0.0.
   *
   * @param storesZero whether the layout stores a value for some zero weight
   */
  public int valueBits(boolean storesZero) {
    int b = precision.bits();
    return storesZero && granularity == ScaleGranularity.CODEBOOK ? b + 1 : b;
  }

  /** Zero-points stored for a weight with {@code rows} output channels. */
  public long zeroPointCount(long rows) {
    return affine ? scaleCount(rows) : 0;
  }

  /**
   * Bits of one bias value: int32 beside integer weights (the TensorFlow Lite int8 quantization
   * specification and CMSIS-NN both use int32 biases), otherwise the float width of the weights.
   */
  public int biasBits() {
    return precision.isInteger() ? 32 : precision.bits();
  }

  @Override
  public String toString() {
    if (precision.isFloat()) {
      return precision.toString();
    }
    return precision + " " + granularity + (affine ? " affine" : " symmetric");
  }
}
