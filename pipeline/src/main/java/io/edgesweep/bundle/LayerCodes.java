package io.edgesweep.bundle;

import io.edgesweep.compress.CodeLayout;
import io.edgesweep.compress.LinearCodes;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.model.Tensor;
import java.util.Arrays;

/**
 * One weight layer as the bundle holds it: a code per weight position, the layout of its number
 * format that gives the codes their values ({@link CodeLayout}: scales, zero-points, a codebook),
 * and the bias.
 *
 * <p>Codes are bit patterns ready to pack; {@link #value(int)} asks the layout, which computes a
 * weight exactly as the stage that made it did, so weights rebuilt from a bundle equal the
 * evaluated model's bit for bit. Nothing here names a format.
 *
 * @param name the layer's weight name, as in {@code fc1.weight}
 * @param shape the weight's shape, output channels first
 * @param layout the number format's layout of this layer
 * @param codes one bit pattern per position, row-major
 * @param bias the bias in float32, one value per output channel
 */
public record LayerCodes(String name, int[] shape, CodeLayout layout, int[] codes, float[] bias) {

  public LayerCodes {
    long positions = 1;
    for (int d : shape) {
      positions *= d;
    }
    if (positions != codes.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + positions + " codes, got " + codes.length);
    }
    if (bias.length != shape[0]) {
      throw new IllegalArgumentException(name + ": " + bias.length + " bias values for " + shape[0] + " output channels");
    }
    for (int i = 0; i < codes.length; i++) {
      try {
        layout.value(codes[i], i);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "[" + i + "]: " + e.getMessage(), e);
      }
    }
  }

  /** A layer's codes as its format packed them. */
  public static LayerCodes of(String name, int[] shape, CodeLayout.Packed packed, Tensor bias) {
    return new LayerCodes(name, shape, packed.layout(), packed.codes(), bias.values().clone());
  }

  /** The codes of a quantized weight (integer or fp16). */
  public static LayerCodes of(QuantizedTensor weight, Tensor bias) {
    return of(weight.name(), weight.shape(), LinearCodes.of(weight), bias);
  }

  /** A float32 weight stored as it is. */
  public static LayerCodes float32(String name, Tensor weight, Tensor bias) {
    return of(name, weight.shape(), LinearCodes.float32(weight), bias);
  }

  public int rows() {
    return shape[0];
  }

  public int rowLength() {
    return codes.length / shape[0];
  }

  /** The code that stands for 0.0 at position i. */
  public int zeroCode(int position) {
    return layout.zeroCode(position);
  }

  /** Bits of one stored value, as the cost model counts them ({@code WeightFormat.valueBits}). */
  public int valueBits(boolean storesZero) {
    return layout.valueBits(storesZero);
  }

  /** The weight at position i in float32, computed as the stage computed it. */
  public float value(int position) {
    return layout.value(codes[position], position);
  }

  /** Whether position i holds a non-zero weight: what the cost model's sparsity counts. */
  public boolean isNonZero(int position) {
    return value(position) != 0f;
  }

  /** The weight in float32. */
  public Tensor weight() {
    float[] values = new float[codes.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(i);
    }
    return new Tensor(shape, values);
  }

  /** The bias in float32. */
  public Tensor biasTensor() {
    return new Tensor(new int[] {bias.length}, bias.clone());
  }
}
