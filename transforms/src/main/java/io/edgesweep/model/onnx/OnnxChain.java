package io.edgesweep.model.onnx;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageShape;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an imported graph into the layer chain of {@link Architecture} ({@code mlp:} or
 * {@code cnn:}) with its parameters, when the chain can express it exactly.
 *
 * <p>The chain is: optional convolutions (square kernel, stride 1, equal padding on every side,
 * one group, each followed by ReLU, optionally by max pooling with a stride equal to its window),
 * a flatten, then dense layers with ReLU between them and none after the last. A graph with
 * anything else (a residual Add, a grouped or depthwise or strided convolution, average pooling,
 * ReLU6) is refused with {@link NeedsLayerGraph}, and {@link OnnxImport} hands it to {@link
 * OnnxLayerGraph}; an MLP or LeNet-5 keeps the spec a user would write. ReLU may come after max
 * pooling instead of before: the two commute.
 */
public final class OnnxChain {
  private OnnxChain() {}

  /** The chain's architecture and its parameters, named as the architecture names them. */
  public record Translation(Architecture architecture, ParameterSet parameters) {}

  public static Translation translate(OnnxGraph graph) {
    List<OnnxNode> nodes = graph.nodes();
    for (OnnxNode node : nodes) {
      String why = outsideTheChain(node.op());
      if (why != null) {
        throw needsGraph(graph, node, why);
      }
    }
    List<String> tokens = new ArrayList<>();
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    List<Integer> denseOutputs = new ArrayList<>();
    String previous = graph.input();
    boolean flat = graph.inputShape().length == 1;
    int convs = 0;
    int denses = 0;
    int i = 0;
    while (i < nodes.size()) {
      OnnxNode node = nodes.get(i);
      if (node.inputs().size() != 1 || !node.inputs().get(0).equals(previous)) {
        throw needsGraph(graph, node, "reads " + node.inputs() + ", not only the output of the node before it");
      }
      if (node.op() instanceof OnnxOp.Conv conv) {
        if (flat) {
          throw needsGraph(graph, node, "comes after a flatten");
        }
        checkPlainConv(graph, node, conv);
        // Conv, then ReLU and an optional max pool in either order: relu(max(x)) = max(relu(x)).
        int end = i + 1;
        boolean relu = false;
        String pool = null;
        while (end < nodes.size() && end <= i + 2) {
          OnnxNode next = nodes.get(end);
          if (!next.inputs().equals(List.of(nodes.get(end - 1).output()))) {
            break;
          }
          if (next.op() instanceof OnnxOp.Relu && !relu) {
            relu = true;
          } else if (next.op() instanceof OnnxOp.MaxPool m && pool == null) {
            pool = poolToken(graph, next, m, nodes.get(end - 1).shape());
          } else {
            break;
          }
          end++;
        }
        if (!relu) {
          throw needsGraph(graph, node, "is not followed by a ReLU");
        }
        int padding = conv.pads()[0];
        tokens.add("c" + conv.outChannels() + "k" + conv.kernelHeight() + (padding > 0 ? "p" + padding : ""));
        if (pool != null) {
          tokens.add(pool);
        }
        convs++;
        parameters.put("conv" + convs + ".weight", conv.weight());
        parameters.put("conv" + convs + ".bias", conv.bias());
        previous = nodes.get(end - 1).output();
        i = end;
      } else if (node.op() instanceof OnnxOp.MaxPool m) {
        if (flat) {
          throw needsGraph(graph, node, "comes after a flatten");
        }
        tokens.add(poolToken(graph, node, m, graph.producer(previous) == null ? graph.inputShape() : graph.producer(previous).shape()));
        previous = node.output();
        i++;
      } else if (node.op() instanceof OnnxOp.Flatten) {
        flat = true;
        previous = node.output();
        i++;
      } else if (node.op() instanceof OnnxOp.Dense dense) {
        if (!flat) {
          throw needsGraph(graph, node, "reads an unflattened activation");
        }
        boolean last = node.output().equals(graph.output());
        boolean relu = i + 1 < nodes.size() && nodes.get(i + 1).op() instanceof OnnxOp.Relu
            && nodes.get(i + 1).inputs().equals(List.of(node.output()));
        if (relu && nodes.get(i + 1).output().equals(graph.output())) {
          // Neither the chain nor the graph ends in an activation: refused outright, not handed on.
          throw new InvalidInputException(graph.source(), "node " + nodes.get(i + 1).describe(),
              "puts the class scores through a ReLU, where edgesweep's last layer gives raw scores; export the scores before it");
        }
        if (last == relu) {
          throw needsGraph(graph, node, last ? "is the last layer but a ReLU follows it" : "is a hidden dense layer without a ReLU after it");
        }
        denses++;
        tokens.add("f" + dense.outputs());
        denseOutputs.add(dense.outputs());
        parameters.put("fc" + denses + ".weight", dense.weight());
        parameters.put("fc" + denses + ".bias", dense.bias());
        previous = relu ? nodes.get(i + 1).output() : node.output();
        i += relu ? 2 : 1;
      } else {
        throw needsGraph(graph, node, describeOp(node.op()));
      }
    }
    if (denses == 0 || !previous.equals(graph.output())) {
      throw new InvalidInputException(graph.source(), null,
          "does not end in a dense layer giving the class scores; import-onnx translates chains that do");
    }
    String spec;
    if (convs == 0 && tokens.stream().noneMatch(t -> t.startsWith("m"))) {
      int features = Arrays.stream(graph.inputShape()).reduce(1, (a, b) -> a * b);
      StringBuilder b = new StringBuilder("mlp:").append(features);
      denseOutputs.forEach(o -> b.append('-').append(o));
      spec = b.toString();
    } else {
      int[] in = graph.inputShape();
      spec = "cnn:" + new ImageShape(in[0], in[1], in[2]) + ":" + String.join("-", tokens);
    }
    Architecture architecture = Architecture.parse(spec);
    ParameterSet set = new ParameterSet(parameters);
    Map<String, int[]> expected = architecture.parameterShapes();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      if (!set.contains(e.getKey()) || !Arrays.equals(set.get(e.getKey()).shape(), e.getValue())) {
        throw new IllegalStateException("translated " + e.getKey() + " does not fit " + spec);
      }
    }
    return new Translation(architecture, set);
  }

  /** Why an op can never be part of the chain, or null when it can in the right place. */
  private static String outsideTheChain(OnnxOp op) {
    if (op instanceof OnnxOp.Conv conv) {
      if (conv.groups() != 1) {
        return (conv.groups() == conv.outChannels() ? "is a depthwise convolution" : "is a grouped convolution") + " (" + conv.groups() + " groups)";
      }
      if (Arrays.stream(conv.strides()).anyMatch(s -> s != 1) || Arrays.stream(conv.dilations()).anyMatch(d -> d != 1)) {
        return "has strides " + Arrays.toString(conv.strides()) + " and dilations " + Arrays.toString(conv.dilations());
      }
      return null;
    }
    if (op instanceof OnnxOp.Add) {
      return "is a residual addition";
    }
    if (op instanceof OnnxOp.Relu6) {
      return "is a ReLU6";
    }
    if (op instanceof OnnxOp.AveragePool || op instanceof OnnxOp.GlobalAveragePool) {
      return "is average pooling";
    }
    return null;
  }

  private static void checkPlainConv(OnnxGraph graph, OnnxNode node, OnnxOp.Conv conv) {
    if (conv.groups() != 1) {
      throw needsGraph(graph, node, (conv.groups() == conv.outChannels() ? "is depthwise" : "is grouped") + " (" + conv.groups() + " groups)");
    }
    if (conv.kernelHeight() != conv.kernelWidth()) {
      throw needsGraph(graph, node, "has a " + conv.kernelHeight() + "x" + conv.kernelWidth() + " kernel, not a square one");
    }
    if (Arrays.stream(conv.strides()).anyMatch(s -> s != 1) || Arrays.stream(conv.dilations()).anyMatch(d -> d != 1)) {
      throw needsGraph(graph, node, "has strides " + Arrays.toString(conv.strides()) + " and dilations " + Arrays.toString(conv.dilations()));
    }
    if (Arrays.stream(conv.pads()).anyMatch(p -> p != conv.pads()[0])) {
      throw needsGraph(graph, node, "pads unequally " + Arrays.toString(conv.pads()));
    }
  }

  private static String poolToken(OnnxGraph graph, OnnxNode node, OnnxOp.MaxPool pool, int[] in) {
    int k = pool.kernel()[0];
    boolean plain = pool.kernel()[1] == k && pool.strides()[0] == k && pool.strides()[1] == k
        && Arrays.stream(pool.pads()).allMatch(p -> p == 0) && (!pool.ceilMode() || (in[1] % k == 0 && in[2] % k == 0));
    if (!plain) {
      throw needsGraph(graph, node, "is not a square max pool with its stride equal to its window and no padding");
    }
    return "m" + k;
  }

  private static String describeOp(OnnxOp op) {
    if (op instanceof OnnxOp.Add) {
      return "is a residual addition";
    }
    if (op instanceof OnnxOp.Relu6) {
      return "is a ReLU6";
    }
    if (op instanceof OnnxOp.Relu) {
      return "is a ReLU that follows neither a convolution nor a hidden dense layer";
    }
    return "is " + op.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  private static InvalidInputException needsGraph(OnnxGraph graph, OnnxNode node, String why) {
    return new NeedsLayerGraph(graph.source(), "node " + node.describe(),
        why + ": the chain cannot express it; the layer graph (OnnxLayerGraph) can");
  }

  /** The model is valid but not a chain: {@link OnnxLayerGraph} translates it instead. */
  static final class NeedsLayerGraph extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    NeedsLayerGraph(String source, String field, String message) {
      super(source, field, message);
    }
  }
}
