package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/** A square convolution, stride 1, with its zero padding on every side, then Relu. */
final class ConvWriter implements LayerWriter<Layer.Conv> {
  @Override
  public Class<Layer.Conv> kind() {
    return Layer.Conv.class;
  }

  @Override
  public String write(Layer.Conv layer, String input, Context context) {
    String x = context.layerInput(layer, input);
    OnnxGraph g = context.graph();
    long k = layer.kernel();
    long p = layer.padding();
    String y = g.node("Conv", layer.name() + ".output", List.of(x, context.weight(layer), context.bias(layer)),
        OnnxGraph.intsAttribute("kernel_shape", k, k),
        OnnxGraph.intsAttribute("pads", p, p, p, p),
        OnnxGraph.intsAttribute("strides", 1, 1));
    return g.node("Relu", layer.name() + ".relu", List.of(y));
  }
}
