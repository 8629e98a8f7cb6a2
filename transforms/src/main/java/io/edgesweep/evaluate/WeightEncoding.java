package io.edgesweep.evaluate;

import io.edgesweep.compress.WeightFormat;

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
public record WeightEncoding(Precision precision, ScaleGranularity granularity, boolean affine) implements WeightFormat {
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

  @Override
  public int bits() {
    return precision.bits();
  }

  @Override
  public boolean isFloat() {
    return precision.isFloat();
  }

  /** Scales stored for a weight with {@code rows} output channels. */
  @Override
  public long scaleCount(long rows) {
    if (precision.isFloat()) {
      return 0;
    }
    return granularity == ScaleGranularity.PER_CHANNEL ? rows : 1;
  }

  /** Zero-points stored for a weight with {@code rows} output channels. */
  @Override
  public long zeroPointCount(long rows) {
    return affine ? scaleCount(rows) : 0;
  }

  /**
   * Bits of one bias value: int32 beside integer weights (the TensorFlow Lite int8 quantization
   * specification and CMSIS-NN both use int32 biases), otherwise the float width of the weights.
   */
  @Override
  public int biasBits() {
    return precision.isInteger() ? 32 : precision.bits();
  }

  /** The same scales and zero-points beside codes of the kernel's width. */
  @Override
  public WeightEncoding atIntegerWidth(int bits) {
    if (precision.isFloat()) {
      throw new IllegalStateException("float weights never run on an integer kernel (int" + bits + ")");
    }
    return new WeightEncoding(Precision.integer(bits), granularity, affine);
  }

  @Override
  public String toString() {
    if (precision.isFloat()) {
      return precision.toString();
    }
    return precision + " " + granularity + (affine ? " affine" : " symmetric");
  }
}
