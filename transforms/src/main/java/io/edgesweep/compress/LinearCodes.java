package io.edgesweep.compress;

import io.edgesweep.model.Tensor;
import java.util.List;

/**
 * The bundle layouts of the quantize stage's formats: signed and unsigned integer codes with
 * float32 scales, fp16 and fp32 bit patterns ({@link CodeLayout}).
 *
 * <p>A symmetric code q is stored as its two's complement at b bits (code {@code signed}, side
 * array {@code scales}); an affine code as it is (code {@code unsigned}, arrays {@code scales} then
 * {@code zero_points} at b bits); fp16 and fp32 values as their IEEE bits, without side arrays.
 * Values are computed as {@link QuantizedTensor#dequantize()} computes them, (q − z)·s in float32.
 * Channels are equal slices of the positions, one per scale (one scale: per tensor).
 */
public final class LinearCodes {
  public static final String SCALES = "scales";
  public static final String ZERO_POINTS = "zero_points";

  /** The readers of the four codes, by {@link CodeLayout#code()}. */
  public static final List<CodeLayout.Reader> READERS = List.of(
      new CodeLayout.Reader("signed", (bits, channels, positions, arrays) -> new Signed(bits, floats(arrays, SCALES, channels), positions)),
      new CodeLayout.Reader("unsigned", (bits, channels, positions, arrays) ->
          new Unsigned(bits, floats(arrays, SCALES, channels), arrays.unpack(ZERO_POINTS, channels, bits), positions)),
      new CodeLayout.Reader("fp16", (bits, channels, positions, arrays) -> floatLayout(Floats.HALF, bits, channels)),
      new CodeLayout.Reader("fp32", (bits, channels, positions, arrays) -> floatLayout(Floats.SINGLE, bits, channels)));

  private LinearCodes() {}

  /** The codes of a quantized weight (integer or fp16). */
  public static CodeLayout.Packed of(QuantizedTensor weight) {
    int[] codes = weight.codes();
    if (weight.precision().kind() == WeightPrecision.Kind.FP16) {
      return new CodeLayout.Packed(Floats.HALF, codes);
    }
    int bits = weight.precision().bits();
    if (weight.scheme() == QuantizationScheme.SYMMETRIC) {
      for (int i = 0; i < codes.length; i++) {
        codes[i] = toTwosComplement(codes[i], bits);
      }
      return new CodeLayout.Packed(new Signed(bits, weight.scales(), codes.length), codes);
    }
    return new CodeLayout.Packed(new Unsigned(bits, weight.scales(), weight.zeroPoints(), codes.length), codes);
  }

  /** A float32 weight as it is. */
  public static CodeLayout.Packed float32(Tensor weight) {
    float[] values = weight.values();
    int[] codes = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = Float.floatToRawIntBits(values[i]);
    }
    return new CodeLayout.Packed(Floats.SINGLE, codes);
  }

  /** Symmetric integer codes: two's complement at b bits, one float32 scale per channel. */
  record Signed(int bits, float[] scales, int positions) implements CodeLayout {
    Signed {
      checkChannels(scales.length, positions);
    }

    @Override
    public String code() {
      return "signed";
    }

    @Override
    public int channels() {
      return scales.length;
    }

    @Override
    public int zeroCode(int position) {
      return 0;
    }

    @Override
    public float value(int code, int position) {
      checkWidth(code, bits);
      return fromTwosComplement(code, bits) * scales[position / (positions / scales.length)];
    }

    @Override
    public List<SideArray> sideArrays() {
      return List.of(new SideArray(SCALES, floatBits(scales), 32));
    }

    @Override
    public String describe(int rows) {
      return "int" + bits + " " + granularity(scales.length, rows) + " symmetric";
    }
  }

  /** Affine integer codes: unsigned at b bits, a float32 scale and a b-bit zero-point per channel. */
  record Unsigned(int bits, float[] scales, int[] zeroPoints, int positions) implements CodeLayout {
    Unsigned {
      checkChannels(scales.length, positions);
      if (zeroPoints.length != scales.length) {
        throw new IllegalArgumentException("affine codes need one zero-point per scale; got " + zeroPoints.length + " for " + scales.length);
      }
    }

    @Override
    public String code() {
      return "unsigned";
    }

    @Override
    public int channels() {
      return scales.length;
    }

    @Override
    public int zeroCode(int position) {
      return zeroPoints[position / (positions / scales.length)];
    }

    @Override
    public float value(int code, int position) {
      checkWidth(code, bits);
      int channel = position / (positions / scales.length);
      return (code - zeroPoints[channel]) * scales[channel];
    }

    @Override
    public List<SideArray> sideArrays() {
      return List.of(new SideArray(SCALES, floatBits(scales), 32), new SideArray(ZERO_POINTS, zeroPoints.clone(), bits));
    }

    @Override
    public String describe(int rows) {
      return "int" + bits + " " + granularity(scales.length, rows) + " affine";
    }
  }

  /** IEEE half- (16 bits) or single-precision (32 bits) patterns, without side arrays. */
  record Floats(int bits) implements CodeLayout {
    static final Floats HALF = new Floats(16);
    static final Floats SINGLE = new Floats(32);

    @Override
    public String code() {
      return "fp" + bits;
    }

    @Override
    public int channels() {
      return 0;
    }

    @Override
    public int zeroCode(int position) {
      return 0;
    }

    @Override
    public float value(int code, int position) {
      if (bits == 32) {
        return Float.intBitsToFloat(code);
      }
      checkWidth(code, 16);
      return HalfPrecision.toFloat(code);
    }

    @Override
    public List<SideArray> sideArrays() {
      return List.of();
    }

    @Override
    public String describe(int rows) {
      return code();
    }
  }

  /** The b-bit two's complement pattern of a signed value. */
  static int toTwosComplement(int value, int bits) {
    return bits == 32 ? value : value & ((1 << bits) - 1);
  }

  /** The signed value of a b-bit two's complement pattern. */
  static int fromTwosComplement(int pattern, int bits) {
    return bits == 32 ? pattern : (pattern << (32 - bits)) >> (32 - bits);
  }

  /** Float32 values as their bit patterns, for a 32-bit side array. */
  public static int[] floatBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }

  /** A 32-bit side array read back as float32 values. */
  public static float[] floats(CodeLayout.SideArrays arrays, String name, int count) {
    int[] bits = arrays.unpack(name, count, 32);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = Float.intBitsToFloat(bits[i]);
    }
    return values;
  }

  private static String granularity(int scales, int rows) {
    return scales == 1 && rows > 1 ? "per-tensor" : "per-channel";
  }

  private static void checkChannels(int scales, int positions) {
    if (scales == 0 || positions % scales != 0) {
      throw new IllegalArgumentException(scales + " scales do not divide " + positions + " codes into channels");
    }
  }

  private static void checkWidth(int code, int bits) {
    if (bits < 32 && (code < 0 || code >= 1 << bits)) {
      throw new IllegalArgumentException("code " + code + " does not fit " + bits + " bits");
    }
  }

  private static CodeLayout floatLayout(CodeLayout layout, int bits, int channels) {
    if (bits != layout.bits() || channels != 0) {
      throw new IllegalArgumentException(layout.code() + " values have " + layout.bits() + " bits and no scales, not " + bits + " bits and "
          + channels + " scales");
    }
    return layout;
  }
}
