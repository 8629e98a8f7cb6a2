package io.edgesweep.model.onnx;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.GraphSpec;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an imported graph into a {@code graph:} architecture ({@link GraphSpec}) with its
 * parameters: residual adds, strided, grouped and depthwise convolutions, ReLU6, average and
 * global average pooling, which the {@code cnn:} chain cannot express.
 *
 * <p>Tokens follow the ONNX file's topological order, so layer names ({@code conv1, conv2, ...})
 * number the weight layers in the order the file lists them. The graph grammar holds square
 * kernels with the same stride and padding on every side; anything else is refused naming the node.
 */
public final class OnnxLayerGraph {
  private OnnxLayerGraph() {}

  public static OnnxChain.Translation translate(OnnxGraph graph) {
    int[] input = graph.inputShape();
    if (input.length != 3) {
      throw new InvalidInputException(graph.source(), "input '" + graph.input() + "'",
          "a graph model reads images [C, H, W], this one reads " + Arrays.toString(input));
    }
    Map<String, Integer> token = new HashMap<>(); // value name -> 1-based token that writes it (0: the image)
    token.put(graph.input(), 0);
    Map<String, int[]> shape = new HashMap<>();
    shape.put(graph.input(), input);
    List<String> tokens = new ArrayList<>();
    List<Tensor[]> weights = new ArrayList<>();
    for (OnnxNode node : graph.nodes()) {
      Integer from = token.get(node.inputs().get(0));
      if (from == null) {
        throw refuse(graph, node, "reads '" + node.inputs().get(0) + "', which no earlier node writes");
      }
      OnnxOp op = node.op();
      String text;
      if (op instanceof OnnxOp.Flatten && shape.get(node.inputs().get(0)).length == 1) {
        token.put(node.output(), from); // flattening a flat vector changes nothing
        shape.put(node.output(), node.shape());
        continue;
      }
      if (op instanceof OnnxOp.Conv c) {
        int k = square(graph, node, c.kernelHeight(), c.kernelWidth(), "kernel");
        int stride = square(graph, node, c.strides()[0], c.strides()[1], "strides");
        int pad = samePads(graph, node, c.pads());
        if (c.dilations()[0] != 1 || c.dilations()[1] != 1) {
          throw refuse(graph, node, "has dilations " + Arrays.toString(c.dilations()) + "; only 1 is supported");
        }
        text = "c" + c.outChannels() + "k" + k + (stride != 1 ? "s" + stride : "") + (pad != 0 ? "p" + pad : "")
            + (c.groups() != 1 ? "g" + c.groups() : "");
        weights.add(new Tensor[] {c.weight(), c.bias()});
      } else if (op instanceof OnnxOp.Dense d) {
        text = "f" + d.outputs();
        weights.add(new Tensor[] {d.weight(), d.bias()});
      } else if (op instanceof OnnxOp.Relu) {
        text = "r";
      } else if (op instanceof OnnxOp.Relu6) {
        text = "r6";
      } else if (op instanceof OnnxOp.MaxPool m) {
        text = "m" + window(graph, node, m.kernel(), m.strides(), m.pads(), m.ceilMode());
      } else if (op instanceof OnnxOp.AveragePool a) {
        boolean padded = Arrays.stream(a.pads()).anyMatch(p -> p != 0);
        text = "a" + window(graph, node, a.kernel(), a.strides(), a.pads(), a.ceilMode()) + (padded && !a.countIncludePad() ? "x" : "");
      } else if (op instanceof OnnxOp.GlobalAveragePool) {
        text = "gap";
      } else if (op instanceof OnnxOp.Flatten) {
        text = "flat";
      } else if (op instanceof OnnxOp.Add) {
        Integer other = token.get(node.inputs().get(1));
        if (other == null) {
          throw refuse(graph, node, "reads '" + node.inputs().get(1) + "', which no earlier node writes");
        }
        if (other == tokens.size() && from != tokens.size()) {
          // An add is commutative (and exactly so in floats): read the node just before, as the grammar prefers.
          int swap = other;
          other = from;
          from = swap;
        }
        text = "add" + other;
      } else {
        throw refuse(graph, node, "has no layer in the graph grammar");
      }
      if (from != tokens.size()) {
        text += "@" + from;
      }
      tokens.add(text);
      token.put(node.output(), tokens.size());
      shape.put(node.output(), node.shape());
    }
    if (!token.containsKey(graph.output()) || token.get(graph.output()) != tokens.size()) {
      throw new InvalidInputException(graph.source(), "output '" + graph.output() + "'", "is not written by the graph's last node");
    }
    String spec = GraphSpec.PREFIX + input[0] + "x" + input[1] + "x" + input[2] + ":" + String.join("-", tokens);
    Architecture architecture;
    try {
      architecture = GraphSpec.parse(spec);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(graph.source(), null, "cannot be expressed as a layer graph: " + e.getMessage(), e);
    }
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    List<WeightLayer> layers = architecture.weightLayers();
    for (int i = 0; i < layers.size(); i++) {
      WeightLayer layer = layers.get(i);
      Tensor weight = weights.get(i)[0];
      if (!Arrays.equals(weight.shape(), layer.weightShape())) {
        throw new IllegalStateException(layer.name() + ": ONNX weight " + Arrays.toString(weight.shape()) + " but the graph has "
            + Arrays.toString(layer.weightShape()));
      }
      parameters.put(layer.weightName(), weight);
      parameters.put(layer.biasName(), weights.get(i)[1]);
    }
    return new OnnxChain.Translation(architecture, new ParameterSet(parameters));
  }

  private static String window(OnnxGraph graph, OnnxNode node, int[] kernel, int[] strides, int[] pads, boolean ceilMode) {
    if (ceilMode) {
      throw refuse(graph, node, "rounds its output size up (ceil_mode); only floor is supported");
    }
    int k = square(graph, node, kernel[0], kernel[1], "kernel");
    int stride = square(graph, node, strides[0], strides[1], "strides");
    int pad = samePads(graph, node, pads);
    return k + (stride != k ? "s" + stride : "") + (pad != 0 ? "p" + pad : "");
  }

  private static int square(OnnxGraph graph, OnnxNode node, int a, int b, String what) {
    if (a != b) {
      throw refuse(graph, node, "has " + what + " " + a + "x" + b + "; only equal height and width are supported");
    }
    return a;
  }

  private static int samePads(OnnxGraph graph, OnnxNode node, int[] pads) {
    for (int p : pads) {
      if (p != pads[0]) {
        throw refuse(graph, node, "has pads " + Arrays.toString(pads) + "; only the same padding on every side is supported");
      }
    }
    return pads.length == 0 ? 0 : pads[0];
  }

  private static InvalidInputException refuse(OnnxGraph graph, OnnxNode node, String why) {
    return new InvalidInputException(graph.source(), "node " + node.describe(), why
        + " (supported: Conv with square kernels, equal strides and pads, any groups; Gemm/MatMul+Add; BatchNormalization after "
        + "them; Relu; Clip(0,6); MaxPool; AveragePool; GlobalAveragePool; Flatten; Add)");
  }
}
