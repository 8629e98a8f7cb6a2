package io.edgesweep.model;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code graph:} grammar: a directed acyclic graph of layers written as one string, so that a
 * graph model has a spec like every other architecture (its identity in keys and manifests).
 *
 * <p>{@code graph:CxHxW:t1-t2-...}; token n (1-based) reads token n-1's output (token 1 reads the
 * image), or token m's with a suffix {@code @m} ({@code @0} is the image). Tokens:
 *
 * <ul>
 *   <li>{@code cNkK[sS][pP][gG]}: a KxK convolution with N filters, stride S (1), zero padding P
 *       (0) on every side and G groups (1; G = N = input channels is depthwise), no activation;
 *   <li>{@code r}, {@code r6}: ReLU, ReLU6;
 *   <li>{@code mK[sS][pP]}: KxK max pooling, stride S (K), padding P (0);
 *   <li>{@code aK[sS][pP][x]}: KxK average pooling; {@code x} leaves padded zeros out of the mean;
 *   <li>{@code gap}: global average pooling; {@code flat}: flatten; {@code fN}: dense, N units;
 *   <li>{@code addM}: the sum of the previous token's output and token M's (a residual connection).
 * </ul>
 *
 * <p>Weight layers are named {@code conv1, conv2, ...} and {@code fc1, ...} in token order, adds
 * {@code add1, ...}; the last token gives the class scores.
 */
public final class GraphSpec {
  public static final String PREFIX = "graph:";

  /** ResNet-8's layers after its input shape: MLPerf Tiny's image-classification reference topology. */
  private static final String RESNET8_LAYERS = "c16k3p1-r-c16k3p1-r-c16k3p1-add2-r-c32k3s2p1-r-c32k3p1-c32k1s2@7-add10-r"
      + "-c64k3s2p1-r-c64k3p1-c64k1s2@13-add16-r-gap-flat-f10";

  /**
   * The graph models shipped by name.
   *
   * <ul>
   *   <li>{@code resnet8}, {@code dscnn}: the shapes of MLPerf Tiny's ResNet-8 and a MobileNet-style
   *       CNN, for 28x28x1 (the Fashion-MNIST sweeps);
   *   <li>{@code mlperf-resnet8}, {@code mlperf-dscnn}, {@code mlperf-mobilenet-v1-0.25}: three of
   *       MLPerf Tiny's reference models as its training scripts define them (tiny/benchmark/training/
   *       image_classification/keras_model.py, keyword_spotting/keras_model.py,
   *       visual_wake_words/vww_model.py), for the cost model's check against its published
   *       results (docs/cost-model.md). TensorFlow's {@code 'same'} padding of a stride-2 3x3 layer
   *       pads one row and column after the input; the symmetric padding 1 written here gives the
   *       same output sizes and MACs. DS-CNN's first layer is a 10x4 stride-2 convolution over 49x10
   *       MFCCs, which square kernels cannot write: it is written as what an im2col kernel computes,
   *       a 1x1 convolution over the 40 values of each of the 25x5 output positions' patches, so the
   *       MACs, weights and every later shape are the reference's, but that model reads patches
   *       (40x25x5), not MFCCs. Its final 24x5 average pooling of the 25x5 map (a 1x1 output) is
   *       written as global average pooling.
   * </ul>
   */
  public static final Map<String, String> NAMED = Map.of(
      "resnet8", "graph:1x28x28:" + RESNET8_LAYERS,
      "dscnn", "graph:1x28x28:c16k3s2p1-r6-c16k3p1g16-r6-c32k1-r6-c32k3s2p1g32-r6-c64k1-r6-a7-flat-f10",
      "mlperf-resnet8", "graph:3x32x32:" + RESNET8_LAYERS,
      "mlperf-dscnn", "graph:40x25x5:c64k1-r" + "-c64k3p1g64-r-c64k1-r".repeat(4) + "-gap-flat-f12",
      "mlperf-mobilenet-v1-0.25", "graph:3x96x96:c8k3s2p1-r-c8k3p1g8-r-c16k1-r-c16k3s2p1g16-r-c32k1-r-c32k3p1g32-r-c32k1-r"
          + "-c32k3s2p1g32-r-c64k1-r-c64k3p1g64-r-c64k1-r-c64k3s2p1g64-r-c128k1-r" + "-c128k3p1g128-r-c128k1-r".repeat(5)
          + "-c128k3s2p1g128-r-c256k1-r-c256k3p1g256-r-c256k1-r-gap-flat-f2");

  private static final Pattern CONV = Pattern.compile("c(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?(?:g(\\d+))?");
  private static final Pattern MAX = Pattern.compile("m(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
  private static final Pattern AVG = Pattern.compile("a(\\d+)(?:s(\\d+))?(?:p(\\d+))?(x)?");
  private static final Pattern DENSE = Pattern.compile("f(\\d+)");
  private static final Pattern ADD = Pattern.compile("add(\\d+)");
  private static final Pattern FROM = Pattern.compile("(.*)@(\\d+)");

  private GraphSpec() {}

  /** Parses a {@code graph:} spec. */
  public static Architecture parse(String spec) {
    return parse(spec, spec);
  }

  /**
   * Parses {@code body}, a {@code graph:} spec, into an architecture whose spec is {@code name}
   * (a shipped model's name, or the body itself).
   */
  static Architecture parse(String name, String body) {
    String rest = body.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon < 0) {
      throw bad(name, "a graph spec is graph:CxHxW:tokens, as in graph:1x28x28:c8k3p1-r-gap-flat-f10");
    }
    ImageShape input = ImageShape.parseOrNull(rest.substring(0, colon));
    if (input == null) {
      throw bad(name, "input shape '" + rest.substring(0, colon) + "' is not CxHxW");
    }
    String[] tokens = rest.substring(colon + 1).split("-", -1);
    List<Layer> layers = new ArrayList<>();
    List<int[]> inputs = new ArrayList<>();
    // The shape each layer writes: {C, H, W}, or {F} once flattened.
    List<int[]> shapes = new ArrayList<>();
    int convs = 0;
    int denses = 0;
    int adds = 0;
    for (int t = 0; t < tokens.length; t++) {
      String token = tokens[t];
      int from = t - 1;
      Matcher at = FROM.matcher(token);
      if (at.matches()) {
        token = at.group(1);
        from = Integer.parseInt(at.group(2)) - 1;
        if (from >= t) {
          throw bad(name, "token " + (t + 1) + " '" + tokens[t] + "' reads a token that is not before it");
        }
      }
      int[] in = from < 0 ? new int[] {input.channels(), input.height(), input.width()} : shapes.get(from);
      Matcher conv = CONV.matcher(token);
      Matcher max = MAX.matcher(token);
      Matcher avg = AVG.matcher(token);
      Matcher dense = DENSE.matcher(token);
      Matcher add = ADD.matcher(token);
      Layer layer;
      int[] reads = {from};
      if (conv.matches()) {
        planar(name, tokens[t], in);
        int out = positive(name, conv.group(1));
        int groups = conv.group(5) == null ? 1 : positive(name, conv.group(5));
        if (in[0] % groups != 0 || out % groups != 0) {
          throw bad(name, "'" + tokens[t] + "': " + groups + " groups do not divide " + in[0] + " input and " + out + " output channels");
        }
        layer = new Layer.Conv("conv" + (++convs), in[0], out, positive(name, conv.group(2)), orZero(conv.group(4)), in[1], in[2],
            conv.group(3) == null ? 1 : positive(name, conv.group(3)), groups, false);
      } else if (token.equals("r") || token.equals("r6")) {
        layer = new Layer.Activation(token.equals("r") ? Layer.Activation.Kind.RELU : Layer.Activation.Kind.RELU6, values(in));
      } else if (max.matches()) {
        planar(name, tokens[t], in);
        int k = positive(name, max.group(1));
        layer = new Layer.MaxPool(k, in[0], in[1], in[2], max.group(2) == null ? k : positive(name, max.group(2)), orZero(max.group(3)));
      } else if (avg.matches()) {
        planar(name, tokens[t], in);
        int k = positive(name, avg.group(1));
        layer = new Layer.AvgPool(k, in[0], in[1], in[2], avg.group(2) == null ? k : positive(name, avg.group(2)), orZero(avg.group(3)),
            avg.group(4) == null);
      } else if (token.equals("gap")) {
        planar(name, tokens[t], in);
        layer = new Layer.GlobalAvgPool(in[0], in[1], in[2]);
      } else if (token.equals("flat")) {
        layer = new Layer.Flatten((int) values(in));
      } else if (dense.matches()) {
        if (in.length != 1) {
          throw bad(name, "'" + tokens[t] + "' reads a [C, H, W] activation; put flat before it");
        }
        layer = new Layer.Dense("fc" + (++denses), in[0], positive(name, dense.group(1)), false);
      } else if (add.matches()) {
        int other = Integer.parseInt(add.group(1)) - 1;
        if (other >= t || other == from) {
          throw bad(name, "'" + tokens[t] + "' must add an earlier token other than the one it reads");
        }
        int[] second = other < 0 ? new int[] {input.channels(), input.height(), input.width()} : shapes.get(other);
        if (!java.util.Arrays.equals(in, second) || in.length != 3) {
          throw bad(name, "'" + tokens[t] + "' adds activations of shapes " + java.util.Arrays.toString(in) + " and "
              + java.util.Arrays.toString(second) + "; an add needs two [C, H, W] of one shape");
        }
        layer = new Layer.Add("add" + (++adds), in[0], in[1], in[2]);
        reads = new int[] {from, other};
      } else {
        throw bad(name, "token '" + tokens[t] + "' is none of cNkK[sS][pP][gG], r, r6, mK[sS][pP], aK[sS][pP][x], gap, flat, fN, addM");
      }
      int[] out = outputShape(layer, in);
      if (out.length == 3 && (out[1] <= 0 || out[2] <= 0)) {
        throw bad(name, "'" + tokens[t] + "' leaves no output on a " + in[1] + "x" + in[2] + " input");
      }
      layers.add(layer);
      inputs.add(reads);
      shapes.add(out);
    }
    if (!(layers.get(layers.size() - 1) instanceof Layer.Dense)) {
      throw bad(name, "a graph must end in a dense layer fN giving the class scores");
    }
    return Architecture.graph(name, input, layers, inputs);
  }

  /** The spec of {@code graph} with weight layers narrowed to {@code outputs}; depthwise convolutions follow their input. */
  static String write(Architecture graph, Map<String, Integer> outputs) {
    List<Layer> layers = graph.layers();
    Map<Integer, Integer> channels = new LinkedHashMap<>();
    List<String> tokens = new ArrayList<>();
    ImageShape input = graph.inputShape();
    for (int i = 0; i < layers.size(); i++) {
      int[] reads = graph.inputsOf(i);
      int inChannels = reads[0] < 0 ? input.channels() : channels.getOrDefault(reads[0], 0);
      Layer layer = layers.get(i);
      String token;
      int out = inChannels;
      if (layer instanceof Layer.Conv c) {
        out = c.depthwise() ? inChannels : outputs.getOrDefault(c.name(), c.outChannels());
        int groups = c.depthwise() ? out : c.groups();
        token = "c" + out + "k" + c.kernel() + (c.stride() != 1 ? "s" + c.stride() : "") + (c.padding() != 0 ? "p" + c.padding() : "")
            + (groups != 1 ? "g" + groups : "");
      } else if (layer instanceof Layer.Activation a) {
        token = a.kind() == Layer.Activation.Kind.RELU ? "r" : "r6";
      } else if (layer instanceof Layer.MaxPool m) {
        token = "m" + m.size() + (m.stride() != m.size() ? "s" + m.stride() : "") + (m.padding() != 0 ? "p" + m.padding() : "");
      } else if (layer instanceof Layer.AvgPool a) {
        token = "a" + a.size() + (a.stride() != a.size() ? "s" + a.stride() : "") + (a.padding() != 0 ? "p" + a.padding() : "")
            + (a.countIncludePad() ? "" : "x");
      } else if (layer instanceof Layer.GlobalAvgPool) {
        token = "gap";
      } else if (layer instanceof Layer.Flatten) {
        token = "flat";
      } else if (layer instanceof Layer.Dense d) {
        out = outputs.getOrDefault(d.name(), d.outputs());
        token = "f" + out;
      } else {
        token = "add" + (reads[1] + 1);
      }
      channels.put(i, out);
      tokens.add(reads[0] == i - 1 ? token : token + "@" + (reads[0] + 1));
    }
    return PREFIX + input + ":" + String.join("-", tokens);
  }

  private static int[] outputShape(Layer layer, int[] in) {
    if (layer instanceof Layer.Conv c) {
      return new int[] {c.outChannels(), c.outHeight(), c.outWidth()};
    } else if (layer instanceof Layer.MaxPool m) {
      return new int[] {m.channels(), m.outHeight(), m.outWidth()};
    } else if (layer instanceof Layer.AvgPool a) {
      return new int[] {a.channels(), a.outHeight(), a.outWidth()};
    } else if (layer instanceof Layer.GlobalAvgPool g) {
      return new int[] {g.channels(), 1, 1};
    } else if (layer instanceof Layer.Flatten f) {
      return new int[] {f.features()};
    } else if (layer instanceof Layer.Dense d) {
      return new int[] {d.outputs()};
    }
    return in.clone(); // activations and adds keep their input's shape
  }

  private static void planar(String name, String token, int[] in) {
    if (in.length != 3) {
      throw bad(name, "'" + token + "' needs a [C, H, W] input, it reads a flattened one");
    }
  }

  private static long values(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static int orZero(String text) {
    return text == null ? 0 : Integer.parseInt(text);
  }

  private static int positive(String spec, String text) {
    int value = Integer.parseInt(text);
    if (value <= 0) {
      throw bad(spec, "sizes must be positive, got " + text);
    }
    return value;
  }

  private static InvalidInputException bad(String spec, String why) {
    return new InvalidInputException("architecture spec", spec, why);
  }
}
