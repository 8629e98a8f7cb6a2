package io.edgesweep.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.QuantizedWeights;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.util.List;

/**
 * Writes a weight layer's weight and bias in the model's weight format.
 *
 * <ul>
 *   <li>float32: a float initializer;
 *   <li>fp16: a float16 initializer of the half patterns the sweep rounded to, then Cast to float,
 *       since the sweep computes in float32 with half-rounded weights (and ONNX Runtime's CPU
 *       Gemm and Conv take float);
 *   <li>b-bit integer: the codes in a {@link CodeContainer}, the float32 scales and the
 *       zero-points (one per output channel, axis 0, or one for the tensor), then
 *       DequantizeLinear, which computes (code − zero-point)·scale in float32, the value the
 *       sweep evaluated with.
 * </ul>
 *
 * <p>Biases stay float32 as in the sweep ({@link QuantizedWeights}). Names follow ONNX Runtime's
 * quantizer: {@code W_quantized}, {@code W_scale}, {@code W_zero_point}.
 */
final class WeightInitializers {
  private final ParameterSet parameters;
  private final QuantizedWeights codes;
  private final boolean int4;

  /**
   * @param codes the weight codes, or null for float32 weights
   * @param int4 whether codes of 4 bits or fewer go into INT4/UINT4 (else into 8-bit containers)
   */
  WeightInitializers(ParameterSet parameters, QuantizedWeights codes, boolean int4) {
    this.parameters = parameters;
    this.codes = codes;
    this.int4 = int4;
  }

  String weight(OnnxGraphBuilder g, WeightLayer layer) {
    String name = layer.weightName();
    QuantizedTensor q = codes == null ? null : codes.tensors().get(name);
    if (q == null) {
      Tensor w = parameters.get(name);
      return g.floats(name, w.shape(), w.values());
    }
    if (q.precision().kind() == WeightPrecision.Kind.FP16) {
      String half = g.halves(name + "_fp16", q.shape(), q.codes());
      return g.node("Cast", name, List.of(half), OnnxGraphBuilder.intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
    }
    CodeContainer container = container(q, int4);
    boolean perChannel = q.granularity() == Granularity.PER_CHANNEL;
    int[] scaleShape = perChannel ? new int[] {q.channels()} : new int[0];
    String quantized = g.integers(name + "_quantized", container, q.shape(), q.codes());
    String scale = g.floats(name + "_scale", scaleShape, q.scales());
    String zeroPoint = g.integers(name + "_zero_point", container, scaleShape, q.zeroPoints());
    return perChannel
        ? g.node("DequantizeLinear", name, List.of(quantized, scale, zeroPoint), OnnxGraphBuilder.intAttribute("axis", 0))
        : g.node("DequantizeLinear", name, List.of(quantized, scale, zeroPoint));
  }

  /**
   * The bias: float32, or, where the layer can run as an integer kernel (8-bit weight codes and an
   * 8-bit integer input), int32 codes at scale s_input·s_weight with DequantizeLinear, as ONNX
   * Runtime's static quantization writes it and its QGemm/QLinearConv fusion requires.
   *
   * <p>Elsewhere the int32 bias would buy nothing (the runtime has no integer kernel for 4- or
   * 16-bit codes) and would cost accuracy: its rounding error, up to s_input·s_weight / 2, grows
   * with the coarse scales of few-bit weights and moves activations across the next layer's
   * rounding boundaries (measured in docs/export.md).
   *
   * @param inputScale the scale of the layer's 8-bit integer input, or null when the input is not one
   */
  String bias(OnnxGraphBuilder g, WeightLayer layer, Float inputScale) {
    Tensor b = parameters.get(layer.biasName());
    QuantizedTensor q = codes == null ? null : codes.tensors().get(layer.weightName());
    if (inputScale == null || !integerKernel(q, int4)) {
      return g.floats(layer.biasName(), b.shape(), b.values());
    }
    float[] weightScales = q.scales();
    float[] values = b.values();
    float[] scales = new float[values.length];
    int[] biasCodes = new int[values.length];
    for (int c = 0; c < values.length; c++) {
      scales[c] = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
      double code = Math.rint(values[c] / scales[c]);
      biasCodes[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code));
    }
    String name = layer.biasName();
    String quantized = g.int32s(name + "_quantized", b.shape(), biasCodes);
    String scale = g.floats(name + "_scale", b.shape(), scales);
    return g.node("DequantizeLinear", name, List.of(quantized, scale), OnnxGraphBuilder.intAttribute("axis", 0));
  }

  /** Whether ONNX Runtime has an integer kernel for these weights: integer codes in an 8-bit container. */
  static boolean integerKernel(QuantizedTensor q, boolean int4) {
    return q != null && q.precision().kind() == WeightPrecision.Kind.INT && container(q, int4).bits() == 8;
  }

  /** The container of a tensor's codes: signed for symmetric, unsigned for affine. */
  static CodeContainer container(QuantizedTensor q, boolean int4) {
    return CodeContainer.of(q.precision().bits(), q.scheme() == QuantizationScheme.SYMMETRIC, int4);
  }
}
