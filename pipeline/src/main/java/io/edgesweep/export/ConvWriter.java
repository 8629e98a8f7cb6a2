package io.edgesweep.export;

import io.edgesweep.model.Layer;

/** A square convolution, stride 1, with its zero padding on every side, then Relu. */
final class ConvWriter implements LayerWriter<Layer.Conv> {
  @Override
  public Class<Layer.Conv> kind() {
    return Layer.Conv.class;
  }

  @Override
  public String write(Layer.Conv layer, String input, Context context) {
    long k = layer.kernel();
    long p = layer.padding();
    return context.relu(layer, context.weightOp(layer, "Conv", input,
        OnnxGraphBuilder.intsAttribute("kernel_shape", k, k),
        OnnxGraphBuilder.intsAttribute("pads", p, p, p, p),
        OnnxGraphBuilder.intsAttribute("strides", 1, 1)));
  }
}
