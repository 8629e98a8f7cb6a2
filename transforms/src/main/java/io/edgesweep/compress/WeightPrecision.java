package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;
import java.util.Locale;

/**
 * The number format weights are stored in: a b-bit integer grid (2 ≤ b ≤ 16), half precision, or
 * the float32 they were trained in.
 *
 * <p>Written as a sweep spec or a command writes it: {@code 8}, {@code fp16}, {@code 32}.
 */
public record WeightPrecision(Kind kind, int bits) implements Serializable {
  public enum Kind {
    INT,
    FP16,
    FLOAT32
  }

  public static final int MIN_BITS = 2;
  public static final int MAX_BITS = 16;

  public WeightPrecision {
    if (kind == Kind.INT && (bits < MIN_BITS || bits > MAX_BITS)) {
      throw new InvalidInputException("quantization settings", "weight bits", "must be 2 to 16 (or fp16, or 32 for float), got " + bits);
    }
    if (kind == Kind.FP16 && bits != 16 || kind == Kind.FLOAT32 && bits != 32) {
      throw new IllegalArgumentException(kind + " has " + (kind == Kind.FP16 ? 16 : 32) + " bits, not " + bits);
    }
  }

  public static WeightPrecision ofBits(int bits) {
    return bits == 32 ? float32() : new WeightPrecision(Kind.INT, bits);
  }

  public static WeightPrecision fp16() {
    return new WeightPrecision(Kind.FP16, 16);
  }

  public static WeightPrecision float32() {
    return new WeightPrecision(Kind.FLOAT32, 32);
  }

  /** Reads {@code 2}..{@code 16}, {@code 32} or {@code fp16}. */
  public static WeightPrecision parse(String text, String source) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("fp16") || t.equals("float16") || t.equals("half")) {
      return fp16();
    }
    try {
      int bits = Integer.parseInt(t);
      if (bits == 32) {
        return float32();
      }
      if (bits < MIN_BITS || bits > MAX_BITS) {
        throw new InvalidInputException(source, "weight bits", "must be 2 to 16, fp16, or 32 for float, got " + text);
      }
      return ofBits(bits);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(source, "weight bits", "'" + text + "' is none of 2..16, fp16, 32");
    }
  }

  public boolean isInteger() {
    return kind == Kind.INT;
  }

  /** As written: "8", "fp16", "32". */
  public String label() {
    return switch (kind) {
      case INT -> Integer.toString(bits);
      case FP16 -> "fp16";
      case FLOAT32 -> "32";
    };
  }

  @Override
  public String toString() {
    return label();
  }
}
