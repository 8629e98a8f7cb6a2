package io.edgesweep.compress;

import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightCodes;
import java.util.Arrays;

/**
 * One weight tensor as an integer kernel would hold it: codes, scales and zero-points.
 *
 * <p>For a b-bit integer format, value i of channel c is {@code (codes[i] − zeroPoints[c]) ·
 * scales[c]}, with one channel for per-tensor quantization and dim 0 channels for per-channel;
 * codes lie in [{@link #qmin()}, {@link #qmax()}]. For fp16 the codes are the 16-bit half
 * patterns (0..65535) and there are no scales. This is what a model bundle packs and sizes; the
 * model artifact holds {@link #dequantize()}, which is what the simulated forward pass computes
 * with.
 */
public final class QuantizedTensor {
  private final String name;
  private final int[] shape;
  private final WeightPrecision precision;
  private final Granularity granularity;
  private final QuantizationScheme scheme;
  private final int[] codes;
  private final float[] scales;
  private final int[] zeroPoints;
  private final int qmin;
  private final int qmax;

  QuantizedTensor(String name, int[] shape, WeightPrecision precision, Granularity granularity, QuantizationScheme scheme,
      int[] codes, float[] scales, int[] zeroPoints, int qmin, int qmax) {
    this.name = name;
    this.shape = shape.clone();
    this.precision = precision;
    this.granularity = granularity;
    this.scheme = scheme;
    this.codes = codes;
    this.scales = scales;
    this.zeroPoints = zeroPoints;
    this.qmin = qmin;
    this.qmax = qmax;
  }

  public String name() {
    return name;
  }

  public int[] shape() {
    return shape.clone();
  }

  public WeightPrecision precision() {
    return precision;
  }

  /** Per tensor or per channel; null for fp16. */
  public Granularity granularity() {
    return granularity;
  }

  /** Symmetric or affine; null for fp16. */
  public QuantizationScheme scheme() {
    return scheme;
  }

  /** Integer codes in row-major order (a copy). */
  public int[] codes() {
    return codes.clone();
  }

  /** One scale per channel (one in all for per-tensor); empty for fp16. */
  public float[] scales() {
    return scales.clone();
  }

  /** One zero-point per channel, matching {@link #scales()}; all 0 for symmetric. */
  public int[] zeroPoints() {
    return zeroPoints.clone();
  }

  public int qmin() {
    return qmin;
  }

  public int qmax() {
    return qmax;
  }

  /** Channels with their own scale: 1 for per-tensor, dim 0 for per-channel, 0 for fp16. */
  public int channels() {
    return scales.length;
  }

  public int size() {
    return codes.length;
  }

  /** The real values the codes stand for, as float32. */
  public Tensor dequantize() {
    return weightCodes().values();
  }

  /** The codes as a model artifact keeps them in the store (it decodes them the same way). */
  public WeightCodes weightCodes() {
    return new WeightCodes(shape, precision.kind() == WeightPrecision.Kind.FP16, codes, scales, zeroPoints);
  }

  @Override
  public String toString() {
    return "QuantizedTensor[" + name + " " + Arrays.toString(shape) + " " + precision + " " + granularity + " " + scheme + "]";
  }
}
