package io.edgesweep.evaluate;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;

/**
 * A number format for weights, activations or arithmetic: float32, float16, or a b-bit integer.
 *
 * <p>One type serves all three roles so that a device profile can say which weight formats its
 * runtime reads ({@code int8}, {@code int4}), at which precisions it computes ({@code fp32},
 * {@code int8}) and so that a variant can say how its weights and activations are stored. Names
 * are {@code fp32}, {@code fp16} and {@code int2} … {@code int16}; the sweep's "32 bits" is
 * {@link #FP32}.
 *
 * @param kind floating point or integer
 * @param bits 32 or 16 for floats, 1 to 16 for integers
 */
public record Precision(Kind kind, int bits) implements Serializable, Comparable<Precision> {
  private static final long serialVersionUID = 1L;

  /** The model as trained: IEEE float32. */
  public static final Precision FP32 = new Precision(Kind.FLOAT, 32);
  /** IEEE half precision. */
  public static final Precision FP16 = new Precision(Kind.FLOAT, 16);
  /** 8-bit integers, the format CMSIS-NN, TFLite and XNNPACK compute in. */
  public static final Precision INT8 = new Precision(Kind.INT, 8);

  /** Whether values are floats or integers on a uniform grid with a scale. */
  public enum Kind {
    FLOAT,
    INT
  }

  public Precision {
    if (kind == null) {
      throw new IllegalArgumentException("precision kind is null");
    }
    if (kind == Kind.FLOAT && bits != 32 && bits != 16) {
      throw new IllegalArgumentException("a float precision has 16 or 32 bits, got " + bits);
    }
    if (kind == Kind.INT && (bits < 1 || bits > 16)) {
      throw new IllegalArgumentException("an integer precision has 1 to 16 bits, got " + bits);
    }
  }

  /** A b-bit integer format. */
  /** The precision of a weight format's codes. */
  public static Precision of(io.edgesweep.compress.WeightFormat format) {
    if (format.isFloat()) {
      return format.bits() == 16 ? FP16 : FP32;
    }
    return integer(format.bits());
  }

  public static Precision integer(int bits) {
    return new Precision(Kind.INT, bits);
  }

  /**
   * The weight format a sweep means by a bit width: 32 is the float model, 2 to 16 are integers.
   *
   * <p>fp16 has no bit-width spelling; use {@link #FP16}.
   */
  public static Precision ofSweepBits(int bits) {
    if (bits == 32) {
      return FP32;
    }
    if (bits < 1 || bits > 16) {
      throw new IllegalArgumentException("weight bits must be 32 (float) or 1 to 16 (integer), got " + bits);
    }
    return integer(bits);
  }

  /**
   * Parses {@code fp32}, {@code fp16} or {@code intN}.
   *
   * @param source the file or flag the text came from, for the error message
   * @param field the field inside it
   */
  public static Precision parse(String text, String source, String field) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("fp32")) {
      return FP32;
    }
    if (t.equals("fp16")) {
      return FP16;
    }
    if (t.startsWith("int")) {
      try {
        int bits = Integer.parseInt(t.substring(3));
        if (bits >= 1 && bits <= 16) {
          return integer(bits);
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new InvalidInputException(source, field, "'" + text + "' is not a precision; use fp32, fp16 or int1 … int16");
  }

  public boolean isFloat() {
    return kind == Kind.FLOAT;
  }

  public boolean isInteger() {
    return kind == Kind.INT;
  }

  /** Orders integers by width before floats by width: int2 &lt; int8 &lt; fp16 &lt; fp32. */
  @Override
  public int compareTo(Precision other) {
    if (kind != other.kind) {
      return kind == Kind.INT ? -1 : 1;
    }
    return Integer.compare(bits, other.bits);
  }

  @Override
  public String toString() {
    return (kind == Kind.FLOAT ? "fp" : "int") + bits;
  }
}
