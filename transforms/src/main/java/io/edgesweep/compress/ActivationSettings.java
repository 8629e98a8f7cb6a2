package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether and how the input of every weight layer is quantized in the forward pass.
 *
 * <p>Off leaves activations in float32 (a weights-only model). Int quantizes each layer's input per
 * tensor on a b-bit affine grid whose range comes from the calibration split ({@link
 * ActivationCalibration}); fp16 rounds activations to half precision and needs no calibration.
 *
 * @param bits the integer width, 2..16 (8 by default); ignored unless the kind is INT
 * @param calibration how the range is read from the calibration split; null unless the kind is INT
 */
public record ActivationSettings(Kind kind, int bits, Calibration calibration) implements Serializable {
  public enum Kind {
    OFF,
    INT,
    FP16
  }

  /**
   * How a layer's range is taken from the values it saw: their min and max, or percentiles that
   * ignore the rarest outliers.
   *
   * @param percentile for PERCENTILE: the range is [P(100 − p), P(p)] of the values seen, e.g. 99.99
   */
  public record Calibration(Method method, double percentile) implements Serializable {
    public enum Method {
      MINMAX,
      PERCENTILE
    }

    public Calibration {
      Objects.requireNonNull(method, "method");
      if (method == Method.PERCENTILE && !(percentile > 50 && percentile <= 100)) {
        throw new InvalidInputException("quantization settings", "activation percentile", "must be in (50, 100], got " + percentile);
      }
      if (method == Method.MINMAX) {
        percentile = 100;
      }
    }

    public static Calibration minMax() {
      return new Calibration(Method.MINMAX, 100);
    }

    public static Calibration percentile(double p) {
      return new Calibration(Method.PERCENTILE, p);
    }

    /** Reads {@code minmax} or {@code percentile:99.99}. */
    public static Calibration parse(String text, String source) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("minmax") || t.equals("min-max")) {
        return minMax();
      }
      if (t.startsWith("percentile:")) {
        try {
          return percentile(Double.parseDouble(t.substring("percentile:".length())));
        } catch (NumberFormatException e) {
          throw new InvalidInputException(source, "calibration", "'" + text + "' has no number after percentile:");
        }
      }
      throw new InvalidInputException(source, "calibration", "'" + text + "' is neither minmax nor percentile:P (e.g. percentile:99.99)");
    }

    public String label() {
      return method == Method.MINMAX ? "minmax" : "percentile:" + percentile;
    }
  }

  public ActivationSettings {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.INT) {
      if (bits < 2 || bits > 16) {
        throw new InvalidInputException("quantization settings", "activation bits", "must be 2 to 16, got " + bits);
      }
      Objects.requireNonNull(calibration, "calibration");
    } else {
      bits = kind == Kind.FP16 ? 16 : 32;
      calibration = null;
    }
  }

  public static ActivationSettings off() {
    return new ActivationSettings(Kind.OFF, 32, null);
  }

  public static ActivationSettings fp16() {
    return new ActivationSettings(Kind.FP16, 16, null);
  }

  public static ActivationSettings integer(int bits, Calibration calibration) {
    return new ActivationSettings(Kind.INT, bits, calibration);
  }

  /** 8-bit activations with min/max ranges, the common default. */
  public static ActivationSettings int8() {
    return integer(8, Calibration.minMax());
  }

  /** "off", "fp16", or "8 (minmax)". */
  public String label() {
    return switch (kind) {
      case OFF -> "off";
      case FP16 -> "fp16";
      case INT -> bits + " (" + calibration.label() + ")";
    };
  }
}
