package io.edgesweep.compress;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters after weight quantization: the weight tensors as codes and scales, the
 * rest (biases) in float32.
 *
 * <p>Biases stay float32 because an integer kernel keeps them at 32 bits anyway (int32 at scale
 * s_input·s_weight in TFLite, QNNPACK and FBGEMM), whose rounding is negligible beside the
 * weights'. {@link #dequantized()} is what the quantized model artifact stores and evaluates; the
 * codes are what a bundle packs.
 */
public final class QuantizedWeights {
  private final ParameterSet original;
  private final Map<String, QuantizedTensor> quantized;

  private QuantizedWeights(ParameterSet original, Map<String, QuantizedTensor> quantized) {
    this.original = original;
    this.quantized = quantized;
  }

  /** Quantizes the weight tensors ({@link WeightTensors}) of a model; float32 quantizes none. */
  public static QuantizedWeights of(Architecture architecture, ParameterSet parameters, QuantizationSettings settings) {
    Map<String, QuantizedTensor> quantized = new LinkedHashMap<>();
    if (settings.weights().kind() != WeightPrecision.Kind.FLOAT32) {
      List<String> names = WeightTensors.names(architecture, parameters);
      for (String name : names) {
        quantized.put(name, WeightQuantizer.quantize(
            name, parameters.get(name), settings.weights(), settings.granularity(), settings.scheme()));
      }
    }
    return new QuantizedWeights(parameters, quantized);
  }

  /**
   * Weights that already lie on a symmetric grid with scales of their own (learned ones): code =
   * rint(w / s), which gives back w exactly as code · s.
   *
   * @param scales per weight tensor, one scale per output channel (or one per tensor)
   * @throws IllegalStateException when a weight is not its code times its scale
   */
  public static QuantizedWeights onScales(Architecture architecture, ParameterSet parameters, QuantizationSettings settings,
      Map<String, float[]> scales) {
    int q = (1 << (settings.weights().bits() - 1)) - 1;
    Map<String, QuantizedTensor> quantized = new LinkedHashMap<>();
    for (String name : WeightTensors.names(architecture, parameters)) {
      float[] s = scales.get(name);
      Tensor weight = parameters.get(name);
      if (s == null) {
        throw new IllegalStateException(name + " has no recorded scales");
      }
      float[] values = weight.values();
      if (s.length == 0 || values.length % s.length != 0) {
        throw new IllegalStateException(name + ": " + s.length + " scales do not divide " + values.length + " weights into channels");
      }
      int per = values.length / s.length;
      int[] codes = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        codes[i] = WeightQuantizer.code(values[i], s[i / per], 0, -q, q);
        if (codes[i] * s[i / per] != values[i]) {
          throw new IllegalStateException(name + "[" + i + "] = " + values[i] + " is not a multiple of its scale " + s[i / per]);
        }
      }
      quantized.put(name, new QuantizedTensor(name, weight.shape(), settings.weights(), settings.granularity(), QuantizationScheme.SYMMETRIC, codes,
          s.clone(), new int[s.length], -q, q));
    }
    return new QuantizedWeights(parameters, quantized);
  }

  /** The quantized tensors by name, in parameter order. */
  public Map<String, QuantizedTensor> tensors() {
    return Collections.unmodifiableMap(quantized);
  }

  /** The tensors kept in float32 (biases, and all of them at 32 bits), by name. */
  public Map<String, Tensor> floatTensors() {
    Map<String, Tensor> floats = new LinkedHashMap<>();
    original.asMap().forEach((name, t) -> {
      if (!quantized.containsKey(name)) {
        floats.put(name, t);
      }
    });
    return floats;
  }

  /** All parameters in their original order, weights replaced by their dequantized values. */
  public ParameterSet dequantized() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    original.asMap().forEach((name, t) -> {
      QuantizedTensor q = quantized.get(name);
      out.put(name, q == null ? t.copy() : q.dequantize());
    });
    return new ParameterSet(out);
  }
}
