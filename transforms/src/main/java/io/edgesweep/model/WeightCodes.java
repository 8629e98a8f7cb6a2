package io.edgesweep.model;

import java.util.Arrays;

/**
 * One weight tensor of a quantized model as the integer grid it lies on: its codes, and for
 * integer formats a scale and zero-point per channel.
 *
 * <p>The model package holds this (rather than the compression package's quantizer) so that a
 * model read back from the artifact store can turn codes into the float32 values its forward pass
 * uses without knowing how they were chosen. Value i of channel c is {@code (codes[i] −
 * zeroPoints[c]) · scales[c]}, in float32, the same expression the quantizer dequantizes with, so
 * the values are bit-identical; for fp16 the codes are half-precision bit patterns.
 *
 * @param shape the tensor's shape
 * @param half whether the codes are fp16 bit patterns (then scales and zero-points are empty)
 * @param codes the codes in row-major order
 * @param scales one scale per channel (dim 0 for per-channel, one for per-tensor)
 * @param zeroPoints one zero-point per channel
 */
public record WeightCodes(int[] shape, boolean half, int[] codes, float[] scales, int[] zeroPoints) {
  public WeightCodes {
    if (!half && (scales.length == 0 || scales.length != zeroPoints.length || codes.length % scales.length != 0)) {
      throw new IllegalArgumentException("codes of " + Arrays.toString(shape) + ": " + codes.length + " codes, "
          + scales.length + " scales and " + zeroPoints.length + " zero-points do not make whole channels");
    }
  }

  /** The float32 values the codes stand for. */
  public Tensor values() {
    float[] values = new float[codes.length];
    if (half) {
      for (int i = 0; i < codes.length; i++) {
        values[i] = halfToFloat(codes[i]);
      }
      return new Tensor(shape, values);
    }
    int perChannel = codes.length / scales.length;
    for (int c = 0; c < scales.length; c++) {
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        values[i] = (codes[i] - zeroPoints[c]) * scales[c];
      }
    }
    return new Tensor(shape, values);
  }

  /** The float value of a half-precision bit pattern (its low 16 bits), IEEE 754 binary16. */
  public static float halfToFloat(int half) {
    int sign = (half & 0x8000) << 16;
    int exponent = (half >>> 10) & 0x1f;
    int mantissa = half & 0x3ff;
    if (exponent == 0) {
      float magnitude = mantissa * 0x1.0p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }
}
