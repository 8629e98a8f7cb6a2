package io.edgesweep.compress;

import io.edgesweep.model.Tensor;

/**
 * Uniform quantization of one weight tensor to a b-bit grid (or to fp16), as PyTorch's
 * fake-quantize computes it.
 *
 * <p>Codes are {@code q = clamp(rint(w / s) + z, qmin, qmax)} with the division in float32 and
 * {@link Math#rint} rounding half to even, like {@code torch.round}; values are {@code (q − z)·s}
 * in float32. Per channel, the channels are the slices along axis 0 (output rows or filters).
 * Scales are float32, zero-points integers:
 *
 * <ul>
 *   <li>symmetric: z = 0, s = max|w| / (2^(b−1) − 1), codes in ±(2^(b−1) − 1);
 *   <li>affine: over [lo, hi] = [min(min w, 0), max(max w, 0)], s = (hi − lo) / (2^b − 1),
 *       z = clamp(rint(−lo / s), 0, 2^b − 1), codes in [0, 2^b − 1].
 * </ul>
 *
 * <p>Both grids contain zero exactly, so a pruned weight (0) gets the code z and comes back as
 * exactly 0. A channel that is all zeros (a fully pruned row) gets s = 1 and z = 0: any scale
 * represents it, and this one keeps the arithmetic finite. fp16 rounds each value to the nearest
 * half ({@link HalfPrecision}); float32 leaves it as it is.
 */
public final class WeightQuantizer {
  private WeightQuantizer() {}

  public static QuantizedTensor quantize(
      String name, Tensor tensor, WeightPrecision precision, Granularity granularity, QuantizationScheme scheme) {
    float[] values = tensor.values();
    int[] codes = new int[values.length];
    switch (precision.kind()) {
      case FP16 -> {
        for (int i = 0; i < values.length; i++) {
          codes[i] = HalfPrecision.toBits(values[i]);
        }
        return new QuantizedTensor(name, tensor.shape(), precision, null, null, codes, new float[0], new int[0], 0, 0xffff);
      }
      case FLOAT32 -> throw new IllegalArgumentException("float32 weights are not quantized: " + name);
      default -> {
        // integer grid, below
      }
    }
    int bits = precision.bits();
    int qmin = scheme == QuantizationScheme.SYMMETRIC ? -((1 << (bits - 1)) - 1) : 0;
    int qmax = scheme == QuantizationScheme.SYMMETRIC ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    int channels = granularity == Granularity.PER_CHANNEL && tensor.rank() >= 2 ? tensor.dim(0) : 1;
    int perChannel = channels == 0 ? 0 : values.length / channels;
    float[] scales = new float[channels];
    int[] zeroPoints = new int[channels];
    for (int c = 0; c < channels; c++) {
      int from = c * perChannel;
      int to = from + perChannel;
      float lo = 0f;
      float hi = 0f;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, values[i]);
        hi = Math.max(hi, values[i]);
      }
      float scale;
      int zeroPoint;
      if (scheme == QuantizationScheme.SYMMETRIC) {
        float amax = Math.max(-lo, hi);
        scale = amax == 0f ? 1f : amax / qmax;
        zeroPoint = 0;
      } else {
        scale = hi == lo ? 1f : (float) (((double) hi - lo) / qmax);
        zeroPoint = clamp((int) Math.rint(-lo / scale), qmin, qmax);
      }
      scales[c] = scale;
      zeroPoints[c] = zeroPoint;
      for (int i = from; i < to; i++) {
        codes[i] = code(values[i], scale, zeroPoint, qmin, qmax);
      }
    }
    return new QuantizedTensor(name, tensor.shape(), precision, granularity, scheme, codes, scales, zeroPoints, qmin, qmax);
  }

  /** clamp(rint(x / s) + z, qmin, qmax), the division in float32 as in the forward pass. */
  static int code(float x, float scale, int zeroPoint, int qmin, int qmax) {
    return clamp((int) Math.rint(x / scale) + zeroPoint, qmin, qmax);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
