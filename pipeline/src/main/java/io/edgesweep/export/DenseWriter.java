package io.edgesweep.export;

import io.edgesweep.model.Layer;

/** A dense layer as Gemm(x, W, b) with transB = 1 (W is [outputs, inputs]), then Relu unless it is the last. */
final class DenseWriter implements LayerWriter<Layer.Dense> {
  @Override
  public Class<Layer.Dense> kind() {
    return Layer.Dense.class;
  }

  @Override
  public String write(Layer.Dense layer, String input, Context context) {
    return context.relu(layer, context.weightOp(layer, "Gemm", input, OnnxGraphBuilder.intAttribute("transB", 1)));
  }
}
