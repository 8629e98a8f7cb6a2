package io.edgesweep.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import io.edgesweep.model.Layer;
import io.edgesweep.model.WeightLayer;
import java.util.List;

/**
 * Writes one kind of layer into an ONNX graph.
 *
 * <p>A new layer kind (a depthwise convolution, a residual add) is one more implementation and one
 * line in {@link LayerWriters}; the exporter never names the kinds. Weight layers take their
 * weight, bias and input from the {@link Context}, which applies the model's weight format and
 * activation quantization, so a writer only says which ONNX op computes the layer.
 */
interface LayerWriter<L extends Layer> {
  Class<L> kind();

  /** Adds the layer's nodes after {@code input} and returns the name of its output. */
  String write(L layer, String input, Context context);

  /** What a layer writer gets from the model being exported. */
  interface Context {
    OnnxGraphBuilder graph();

    /** The float weight the layer's op takes: an initializer, or what a Cast or DequantizeLinear makes of one. */
    String weight(WeightLayer layer);

    String bias(WeightLayer layer);

    /** The layer's input as the sweep's forward pass sees it: quantized and dequantized, rounded to fp16, or as it is. */
    String layerInput(WeightLayer layer, String input);

    /** {@code x} through the quantizer named {@code name} (an input of a residual add: {@code add1.in0}), as the sweep applies it. */
    String quantized(String name, String x);

    /** The output of the layer a residual add reads second (graphs only). */
    String addend(Layer.Add add);

    /** {@code opType}(input as the sweep sees it, weight, bias): what every weight layer's writer adds first. */
    default String weightOp(WeightLayer layer, String opType, String input, AttributeProto... attributes) {
      return graph().node(opType, layer.name() + ".output", List.of(layerInput(layer, input), weight(layer), bias(layer)), attributes);
    }

    /** Relu after {@code x} when the layer has one, else {@code x}. */
    default String relu(WeightLayer layer, String x) {
      return layer.relu() ? graph().node("Relu", layer.name() + ".relu", List.of(x)) : x;
    }
  }
}
