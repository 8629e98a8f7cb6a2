package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/** A dense layer as Gemm(x, W, b) with transB = 1 (W is [outputs, inputs]), then Relu unless it is the last. */
final class DenseWriter implements LayerWriter<Layer.Dense> {
  @Override
  public Class<Layer.Dense> kind() {
    return Layer.Dense.class;
  }

  @Override
  public String write(Layer.Dense layer, String input, Context context) {
    String x = context.layerInput(layer, input);
    OnnxGraph g = context.graph();
    String y = g.node("Gemm", layer.name() + ".output", List.of(x, context.weight(layer), context.bias(layer)),
        OnnxGraph.intAttribute("transB", 1));
    return layer.relu() ? g.node("Relu", layer.name() + ".relu", List.of(y)) : y;
  }
}
