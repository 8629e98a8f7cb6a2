package io.edgesweep.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the input of each weight layer is quantized in the forward pass.
 *
 * <p>Integer activations are quantized per tensor: {@code q = clamp(round(x / scale) + zeroPoint,
 * qmin, qmax)}, then dequantized as {@code (q - zeroPoint) * scale}, with ranges calibrated
 * beforehand. {@code fp16} rounds activations to half precision instead. Kept in the model
 * manifest so that a quantized model evaluates the same wherever it is loaded.
 *
 * @param format "int" or "fp16"
 * @param bits the integer width (ignored for fp16)
 * @param inputs the quantizer of each weight layer's input, by layer name
 */
public record ActivationQuantization(String format, int bits, Map<String, Range> inputs) implements Serializable {

  public ActivationQuantization {
    if (!format.equals("int") && !format.equals("fp16")) {
      throw new IllegalArgumentException("activation format must be int or fp16, got " + format);
    }
    inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
  }

  public static ActivationQuantization fp16() {
    return new ActivationQuantization("fp16", 16, Map.of());
  }

  @JsonIgnore
  public boolean isFp16() {
    return format.equals("fp16");
  }

  /**
   * One per-tensor quantizer: the calibrated range and the integer grid derived from it.
   *
   * @param min the low end of the calibrated range
   * @param max the high end of the calibrated range
   */
  public record Range(double min, double max, float scale, int zeroPoint, int qmin, int qmax) implements Serializable {}
}
