package io.edgesweep.export;

import io.edgesweep.model.Layer;

/** A square convolution with its stride, groups (depthwise) and zero padding on every side, then Relu where the layer has one. */
final class ConvWriter implements LayerWriter<Layer.Conv> {
  @Override
  public Class<Layer.Conv> kind() {
    return Layer.Conv.class;
  }

  @Override
  public String write(Layer.Conv layer, String input, Context context) {
    long k = layer.kernel();
    long p = layer.padding();
    long s = layer.stride();
    return context.relu(layer, context.weightOp(layer, "Conv", input,
        OnnxGraphBuilder.intsAttribute("kernel_shape", k, k),
        OnnxGraphBuilder.intsAttribute("pads", p, p, p, p),
        OnnxGraphBuilder.intsAttribute("strides", s, s),
        OnnxGraphBuilder.intAttribute("group", layer.groups())));
  }
}
