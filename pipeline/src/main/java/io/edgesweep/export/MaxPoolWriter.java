package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/** Max pooling with a square window and an equal stride; ONNX's default floor mode drops a partial window, as DJL does. */
final class MaxPoolWriter implements LayerWriter<Layer.MaxPool> {
  private int count;

  @Override
  public Class<Layer.MaxPool> kind() {
    return Layer.MaxPool.class;
  }

  @Override
  public String write(Layer.MaxPool layer, String input, Context context) {
    return context.graph().node("MaxPool", "pool" + (++count) + ".output", List.of(input),
        window(layer.size(), layer.stride(), layer.padding()));
  }

  /** A square pooling window's attributes: kernel_shape, the same padding on every side, strides. */
  static ai.onnx.proto.OnnxMl.AttributeProto[] window(long k, long s, long p) {
    return new ai.onnx.proto.OnnxMl.AttributeProto[] {
      OnnxGraphBuilder.intsAttribute("kernel_shape", k, k),
      OnnxGraphBuilder.intsAttribute("pads", p, p, p, p),
      OnnxGraphBuilder.intsAttribute("strides", s, s)
    };
  }
}
