package io.edgesweep.compress;

import io.edgesweep.model.WeightCodes;

/**
 * IEEE 754 binary16 conversion in Java, since Java 17 has no {@code Float.floatToFloat16}.
 *
 * <p>Rounds to nearest, ties to even, as {@code tensor.half()} does in PyTorch: values from 65520
 * up overflow to infinity, values below 2^-24 / 2 flush to a signed zero, and values between go to
 * half's subnormals. Checked against PyTorch's own conversion in the tests.
 */
public final class HalfPrecision {
  private HalfPrecision() {}

  /** The 16-bit pattern of the half nearest to {@code value}, in the low 16 bits of the int. */
  public static int toBits(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(value)) {
      return sign | 0x7e00;
    }
    float abs = Math.abs(value);
    if (abs >= 65520f) {
      return sign | 0x7c00;
    }
    if (abs < 0x1.0p-14f) {
      // Subnormal half: a multiple of 2^-24. Scaling by 2^24 is exact in float; rint rounds half to
      // even. A result of 1024 is the smallest normal half, which the same bit pattern encodes.
      return sign | (int) Math.rint(abs * 0x1.0p24f);
    }
    int exponent = ((bits >>> 23) & 0xff) - 127;
    int mantissa = bits & 0x7fffff;
    int kept = mantissa >>> 13;
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (kept & 1) == 1)) {
      kept++;
    }
    // A carry out of the mantissa moves into the exponent, which is the right rounding.
    return sign | (((exponent + 15) << 10) + kept);
  }

  /** The float value of a half's bit pattern (low 16 bits). */
  public static float toFloat(int half) {
    return WeightCodes.halfToFloat(half);
  }

  /** {@code value} rounded to the nearest half, back in float. */
  public static float round(float value) {
    return toFloat(toBits(value));
  }
}
