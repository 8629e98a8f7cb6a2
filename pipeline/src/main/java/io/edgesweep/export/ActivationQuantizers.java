package io.edgesweep.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.WeightLayer;
import java.util.List;

/**
 * Writes the quantization of each weight layer's input, as the sweep's forward pass applies it.
 *
 * <p>Integer activations: QuantizeLinear then DequantizeLinear with the calibrated per-tensor
 * scale and zero-point, in an unsigned container (uint8 up to 8 bits, uint16 above), which is the
 * QDQ pair ONNX Runtime's static quantization writes in front of every quantized op. ONNX's
 * QuantizeLinear computes saturate(round_half_even(x / scale) + zero_point), the sweep's rounding
 * exactly; when the grid is narrower than the container (fewer than 8 or 16 bits) a Clip to the
 * grid's real range [(qmin − z)·s, (qmax − z)·s] comes first, which gives the same codes as the
 * sweep's clamp. fp16 activations: Cast to float16 and back, the sweep's half rounding.
 */
final class ActivationQuantizers {
  private final ActivationQuantization activations;

  /** @param activations the model's quantizers, or null for float activations */
  ActivationQuantizers(ActivationQuantization activations) {
    this.activations = activations;
  }

  String input(OnnxGraphBuilder g, WeightLayer layer, String x) {
    return input(g, layer.name(), x);
  }

  /** The quantizer named {@code name} (a weight layer's, or {@code add1.in0} for an input of a residual add) applied to {@code x}. */
  String input(OnnxGraphBuilder g, String name, String x) {
    if (activations == null) {
      return x;
    }
    String base = name + ".input";
    if (activations.isFp16()) {
      String half = g.node("Cast", base + "_fp16", List.of(x), OnnxGraphBuilder.intAttribute("to", TensorProto.DataType.FLOAT16_VALUE));
      return g.node("Cast", base + "_rounded", List.of(half), OnnxGraphBuilder.intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
    }
    ActivationQuantization.Range range = activations.inputs().get(name);
    if (range == null) {
      throw new IllegalArgumentException("no calibrated activation range for the input of " + name);
    }
    CodeContainer container = container();
    String input = x;
    if (range.qmin() > container.min() || range.qmax() < container.max()) {
      String low = g.floats(base + "_clip_min", new int[0], new float[] {(range.qmin() - range.zeroPoint()) * range.scale()});
      String high = g.floats(base + "_clip_max", new int[0], new float[] {(range.qmax() - range.zeroPoint()) * range.scale()});
      input = g.node("Clip", base + "_clipped", List.of(x, low, high));
    }
    String scale = g.floats(base + "_scale", new int[0], new float[] {range.scale()});
    String zeroPoint = g.integers(base + "_zero_point", container, new int[0], new int[] {range.zeroPoint()});
    String q = g.node("QuantizeLinear", base + "_quantized", List.of(input, scale, zeroPoint));
    return g.node("DequantizeLinear", base + "_dequantized", List.of(q, scale, zeroPoint));
  }

  /** The scale of a layer's 8-bit integer input (what integer kernels take), or null for any other input. */
  Float integerScale(WeightLayer layer) {
    if (activations == null || activations.isFp16() || container().bits() != 8) {
      return null;
    }
    ActivationQuantization.Range range = activations.inputs().get(layer.name());
    return range == null ? null : range.scale();
  }

  /** uint8 up to 8 bits, uint16 above: ONNX Runtime's activation types. */
  CodeContainer container() {
    return CodeContainer.of(activations.bits(), false, false);
  }
}
