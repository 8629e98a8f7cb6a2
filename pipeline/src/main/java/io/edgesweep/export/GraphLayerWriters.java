package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/**
 * The writers of the layers only graph models have: ReLU/ReLU6 on their own, average and global
 * average pooling, and the residual add with a quantizer on each of its inputs, as the sweep's
 * forward pass ({@code GraphBlock}) computes them.
 */
final class GraphLayerWriters {
  private GraphLayerWriters() {}

  /** Relu, or ReLU6 as Clip(0, 6), which is how PyTorch exports it. */
  static final class Activation implements LayerWriter<Layer.Activation> {
    private int count;

    @Override
    public Class<Layer.Activation> kind() {
      return Layer.Activation.class;
    }

    @Override
    public String write(Layer.Activation layer, String input, Context context) {
      String name = "act" + (++count);
      if (layer.kind() == Layer.Activation.Kind.RELU) {
        return context.graph().node("Relu", name + ".output", List.of(input));
      }
      String low = context.graph().floats(name + ".min", new int[0], new float[] {0f});
      String high = context.graph().floats(name + ".max", new int[0], new float[] {6f});
      return context.graph().node("Clip", name + ".output", List.of(input, low, high));
    }
  }

  /** AveragePool with its window, stride, padding and whether padded zeros count. */
  static final class AvgPool implements LayerWriter<Layer.AvgPool> {
    private int count;

    @Override
    public Class<Layer.AvgPool> kind() {
      return Layer.AvgPool.class;
    }

    @Override
    public String write(Layer.AvgPool layer, String input, Context context) {
      ai.onnx.proto.OnnxMl.AttributeProto[] window = MaxPoolWriter.window(layer.size(), layer.stride(), layer.padding());
      ai.onnx.proto.OnnxMl.AttributeProto[] attributes = java.util.Arrays.copyOf(window, window.length + 1);
      attributes[window.length] = OnnxGraphBuilder.intAttribute("count_include_pad", layer.countIncludePad() ? 1 : 0);
      return context.graph().node("AveragePool", "avgpool" + (++count) + ".output", List.of(input), attributes);
    }
  }

  /** GlobalAveragePool: [N, C, H, W] to [N, C, 1, 1]. */
  static final class GlobalAvgPool implements LayerWriter<Layer.GlobalAvgPool> {
    private int count;

    @Override
    public Class<Layer.GlobalAvgPool> kind() {
      return Layer.GlobalAvgPool.class;
    }

    @Override
    public String write(Layer.GlobalAvgPool layer, String input, Context context) {
      return context.graph().node("GlobalAveragePool", "gap" + (++count) + ".output", List.of(input));
    }
  }

  /** Add of the two inputs, each through its own quantizer ({@code add1.in0}, {@code add1.in1}). */
  static final class Add implements LayerWriter<Layer.Add> {
    @Override
    public Class<Layer.Add> kind() {
      return Layer.Add.class;
    }

    @Override
    public String write(Layer.Add layer, String input, Context context) {
      String left = context.quantized(layer.inputName(0), input);
      String right = context.quantized(layer.inputName(1), context.addend(layer));
      return context.graph().node("Add", layer.name() + ".output", List.of(left, right));
    }
  }
}
