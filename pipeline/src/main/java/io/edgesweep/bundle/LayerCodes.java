package io.edgesweep.bundle;

import io.edgesweep.compress.HalfPrecision;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.model.Tensor;
import java.util.Arrays;

/**
 * One weight layer as the bundle holds it: a code per weight position at a fixed width, the
 * scales and zero-points that give the codes their values, and the bias.
 *
 * <p>Codes are bit patterns ready to pack: a symmetric code q is stored as its two's complement at
 * b bits, an affine code as it is, fp16 and fp32 values as their IEEE bits. {@link #value(int)}
 * computes a weight exactly as {@link QuantizedTensor#dequantize()} does, (q − z)·s in float32, so
 * weights rebuilt from a bundle equal the evaluated model's bit for bit. Codebook codes are indices
 * into the 2^b centroids held in {@code scales}; the index 2^b is the zero weight, which a layout
 * stores at b + 1 bits only where it must store a zero ({@link #valueBits}).
 *
 * @param name the layer's weight name, as in {@code fc1.weight}
 * @param shape the weight's shape, output channels first
 * @param type how the codes are read
 * @param bits bits per code; for a codebook the index width b
 * @param codes one bit pattern per position, row-major
 * @param scales one float32 scale per channel (1 for per-tensor); a codebook's 2^b centroids;
 *     empty for floats
 * @param zeroPoints one zero-point per scale for affine codes; empty otherwise
 * @param bias the bias in float32, one value per output channel
 */
public record LayerCodes(String name, int[] shape, CodeType type, int bits, int[] codes, float[] scales, int[] zeroPoints, float[] bias) {

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
    if (type == CodeType.CODEBOOK) {
      if (scales.length != 1 << bits) {
        throw new IllegalArgumentException(name + ": a " + bits + "-bit codebook has " + (1 << bits) + " centroids, got " + scales.length);
      }
      for (int code : codes) {
        if (code < 0 || code > scales.length) {
          throw new IllegalArgumentException(name + ": codebook index " + code + " is outside 0.." + scales.length);
        }
      }
    } else if (type.isInteger() && (scales.length == 0 || codes.length % scales.length != 0)) {
      throw new IllegalArgumentException(name + ": " + scales.length + " scales do not divide " + codes.length + " codes into channels");
    }
    if ((type == CodeType.UNSIGNED) != (zeroPoints.length > 0) || zeroPoints.length > 0 && zeroPoints.length != scales.length) {
      throw new IllegalArgumentException(name + ": affine codes need one zero-point per scale, others none; got "
          + zeroPoints.length + " for " + scales.length + " scales of " + type + " codes");
    }
  }

  /** The codes of a quantized weight (integer or fp16). */
  public static LayerCodes of(QuantizedTensor weight, Tensor bias) {
    int[] codes = weight.codes();
    if (weight.precision().kind() == WeightPrecision.Kind.FP16) {
      return new LayerCodes(weight.name(), weight.shape(), CodeType.FP16, 16, codes, new float[0], new int[0], bias.values().clone());
    }
    int bits = weight.precision().bits();
    if (weight.scheme() == QuantizationScheme.SYMMETRIC) {
      for (int i = 0; i < codes.length; i++) {
        codes[i] = BitPacking.toTwosComplement(codes[i], bits);
      }
      return new LayerCodes(weight.name(), weight.shape(), CodeType.SIGNED, bits, codes, weight.scales(), new int[0], bias.values().clone());
    }
    return new LayerCodes(weight.name(), weight.shape(), CodeType.UNSIGNED, bits, codes, weight.scales(), weight.zeroPoints(), bias.values().clone());
  }

  /**
   * Shared weights as indices into their layer's codebook: each non-zero weight must equal one of
   * the centroids exactly (the codebook stage writes them so), a zero takes the index 2^b.
   *
   * @param centroids the layer's 2^b centroids, as the codebook stage's lineage records them
   */
  public static LayerCodes codebook(String name, Tensor weight, float[] centroids, Tensor bias) {
    int bits = Integer.numberOfTrailingZeros(centroids.length);
    if (centroids.length != 1 << bits) {
      throw new IllegalArgumentException(name + ": " + centroids.length + " centroids is not a power of two");
    }
    float[] values = weight.values();
    int[] codes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = values[i] == 0f ? centroids.length : indexOf(centroids, values[i]);
      if (codes[i] < 0) {
        throw new IllegalStateException(name + "[" + i + "] = " + values[i] + " is none of its codebook's " + centroids.length
            + " centroids; the lineage's codebook is not the one the weights were shared with");
      }
    }
    return new LayerCodes(name, weight.shape(), CodeType.CODEBOOK, bits, codes, centroids.clone(), new int[0], bias.values().clone());
  }

  private static int indexOf(float[] centroids, float value) {
    for (int j = 0; j < centroids.length; j++) {
      if (Float.floatToRawIntBits(centroids[j]) == Float.floatToRawIntBits(value)) {
        return j;
      }
    }
    return -1;
  }

  /** A float32 weight stored as it is. */
  public static LayerCodes float32(String name, Tensor weight, Tensor bias) {
    float[] values = weight.values();
    int[] codes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = Float.floatToRawIntBits(values[i]);
    }
    return new LayerCodes(name, weight.shape(), CodeType.FP32, 32, codes, new float[0], new int[0], bias.values().clone());
  }

  public int rows() {
    return shape[0];
  }

  public int rowLength() {
    return codes.length / shape[0];
  }

  /** Positions that share one scale. */
  int perChannel() {
    return scales.length == 0 ? codes.length : codes.length / scales.length;
  }

  /**
   * The code that stands for 0.0 in the channel of position i: the zero-point, a codebook's index
   * 2^b, or all zero bits.
   */
  public int zeroCode(int position) {
    return switch (type) {
      case UNSIGNED -> zeroPoints[position / perChannel()];
      case CODEBOOK -> scales.length;
      default -> 0;
    };
  }

  /**
   * Bits of one stored value: the code width, or for a codebook b + 1 where the layout stores a
   * zero (its index 2^b does not fit b bits), as the cost model counts
   * ({@code CodebookFormat.valueBits}).
   */
  public int valueBits(boolean storesZero) {
    return valueBits(type, bits, storesZero);
  }

  static int valueBits(CodeType type, int bits, boolean storesZero) {
    return type == CodeType.CODEBOOK && storesZero ? bits + 1 : bits;
  }

  /** The weight at position i in float32, computed as the quantizer dequantized it. */
  public float value(int position) {
    int code = codes[position];
    return switch (type) {
      case FP32 -> Float.intBitsToFloat(code);
      case FP16 -> HalfPrecision.toFloat(code);
      case CODEBOOK -> code == scales.length ? 0f : scales[code];
      case SIGNED -> BitPacking.fromTwosComplement(code, bits) * scales[position / perChannel()];
      case UNSIGNED -> {
        int channel = position / perChannel();
        yield (code - zeroPoints[channel]) * scales[channel];
      }
    };
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
