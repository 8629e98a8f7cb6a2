package io.edgesweep.model;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageShape;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classifier architecture parsed from its spec string, with every layer's sizes resolved.
 *
 * <p>Specs:
 *
 * <ul>
 *   <li>{@code mlp:784-300-100-10}: dense layers with ReLU between them (LeNet-300-100 here);
 *   <li>{@code lenet5}: {@code cnn:1x28x28:c6k5p2-m2-c16k5-m2-f120-f84-f10}, LeNet-5 as PyTorch
 *       tutorials build it for 28x28 input (ReLU, max pooling, conv1 padded to keep 28x28);
 *   <li>{@code cnn:CxHxW:tokens}: {@code cN kK [pP]} a KxK convolution with N filters, padding P,
 *       stride 1, then ReLU; {@code mK} KxK max pooling, stride K; {@code fN} dense with N units;
 *   <li>{@code graph:CxHxW:tokens}: a directed acyclic graph of layers ({@link GraphSpec} gives the
 *       grammar): convolutions with stride, padding and groups, ReLU/ReLU6, max, average and global
 *       average pooling, flatten, dense and residual additions, as imported ONNX models need;
 *   <li>{@code resnet8}, {@code dscnn}: shipped graph models of that grammar ({@link GraphSpec#NAMED});
 *   <li>{@code torchscript:file.pt}: a TorchScript classifier loaded through DJL's PyTorch engine.
 * </ul>
 *
 * <p>The spec string is the architecture's identity: structured pruning produces a narrower spec
 * ({@code mlp:784-150-50-10}), and the spec is what a model artifact records.
 */
public final class Architecture implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String LENET5 = "lenet5";
  static final String LENET5_CNN = "cnn:1x28x28:c6k5p2-m2-c16k5-m2-f120-f84-f10";

  private static final Pattern CONV = Pattern.compile("c(\\d+)k(\\d+)(?:p(\\d+))?");
  private static final Pattern POOL = Pattern.compile("m(\\d+)");
  private static final Pattern DENSE = Pattern.compile("f(\\d+)");

  private final String spec;
  private final ImageShape inputShape;
  private final int inputFeatures;
  private final List<Layer> layers;
  private final String torchScriptFile;
  /** Per layer, the layers it reads (-1: the model's input); null for a chain, where each reads the one before. */
  private final List<int[]> inputs;

  private Architecture(String spec, ImageShape inputShape, int inputFeatures, List<Layer> layers, String torchScriptFile) {
    this(spec, inputShape, inputFeatures, layers, torchScriptFile, null);
  }

  private Architecture(
      String spec, ImageShape inputShape, int inputFeatures, List<Layer> layers, String torchScriptFile, List<int[]> inputs) {
    this.spec = spec;
    this.inputShape = inputShape;
    this.inputFeatures = inputFeatures;
    this.layers = Collections.unmodifiableList(layers);
    this.torchScriptFile = torchScriptFile;
    this.inputs = inputs == null ? null : inputs.stream().map(int[]::clone).toList();
  }

  /** A graph architecture as {@link GraphSpec} parses it. */
  static Architecture graph(String spec, ImageShape inputShape, List<Layer> layers, List<int[]> inputs) {
    return new Architecture(spec, inputShape, inputShape.pixelCount(), layers, null, inputs);
  }

  /** Parses a spec; the message of the exception says what part of it is wrong. */
  public static Architecture parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidInputException("architecture spec", null, "empty; use mlp:784-300-100-10, lenet5, cnn:... or torchscript:FILE.pt");
    }
    String s = spec.trim();
    if (s.equals(LENET5)) {
      Architecture cnn = parse(LENET5_CNN);
      return new Architecture(LENET5, cnn.inputShape, cnn.inputFeatures, cnn.layers, null);
    }
    if (s.startsWith("mlp:")) {
      return parseMlp(s);
    }
    if (s.startsWith("cnn:")) {
      return parseCnn(s);
    }
    if (s.startsWith(GraphSpec.PREFIX)) {
      return GraphSpec.parse(s, s);
    }
    if (GraphSpec.NAMED.containsKey(s)) {
      return GraphSpec.parse(s, GraphSpec.NAMED.get(s));
    }
    if (s.startsWith("torchscript:")) {
      String file = s.substring("torchscript:".length());
      if (file.isBlank()) {
        throw new InvalidInputException("architecture spec", s, "torchscript: needs a file, as in torchscript:model.pt");
      }
      return new Architecture(s, null, -1, List.of(), file);
    }
    throw new InvalidInputException(
        "architecture spec", s, "unknown architecture; use mlp:784-300-100-10, lenet5, cnn:1x28x28:c6k5-m2-f10, graph:..., "
            + String.join(", ", GraphSpec.NAMED.keySet()) + " or torchscript:FILE.pt");
  }

  private static Architecture parseMlp(String spec) {
    String[] parts = spec.substring(4).split("-", -1);
    if (parts.length < 2) {
      throw new InvalidInputException("architecture spec", spec, "an mlp needs at least an input and an output size, as in mlp:784-10");
    }
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      dims[i] = positive(spec, parts[i], "layer size");
    }
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Flatten(dims[0]));
    for (int i = 1; i < dims.length; i++) {
      layers.add(new Layer.Dense("fc" + i, dims[i - 1], dims[i], i < dims.length - 1));
    }
    return new Architecture(spec, null, dims[0], layers, null);
  }

  private static Architecture parseCnn(String spec) {
    String body = spec.substring(4);
    int colon = body.indexOf(':');
    if (colon < 0) {
      throw new InvalidInputException("architecture spec", spec, "a cnn spec is cnn:CxHxW:layers, as in cnn:1x28x28:c6k5-m2-f10");
    }
    ImageShape input = ImageShape.parseOrNull(body.substring(0, colon));
    if (input == null) {
      throw new InvalidInputException("architecture spec", spec, "input shape '" + body.substring(0, colon) + "' is not CxHxW");
    }
    String[] tokens = body.substring(colon + 1).split("-", -1);
    List<Layer> layers = new ArrayList<>();
    int channels = input.channels();
    int height = input.height();
    int width = input.width();
    int features = -1;
    int convs = 0;
    int denses = 0;
    for (int t = 0; t < tokens.length; t++) {
      String token = tokens[t];
      Matcher conv = CONV.matcher(token);
      Matcher pool = POOL.matcher(token);
      Matcher dense = DENSE.matcher(token);
      if (conv.matches()) {
        if (features >= 0) {
          throw new InvalidInputException("architecture spec", spec, "convolution '" + token + "' after a dense layer");
        }
        int out = positive(spec, conv.group(1), "filters");
        int k = positive(spec, conv.group(2), "kernel");
        int pad = conv.group(3) == null ? 0 : Integer.parseInt(conv.group(3));
        Layer.Conv layer = new Layer.Conv("conv" + (++convs), channels, out, k, pad, height, width);
        if (layer.outHeight() <= 0 || layer.outWidth() <= 0) {
          throw new InvalidInputException("architecture spec", spec, "'" + token + "' leaves no output on a " + height + "x" + width + " input");
        }
        layers.add(layer);
        channels = out;
        height = layer.outHeight();
        width = layer.outWidth();
      } else if (pool.matches()) {
        if (features >= 0) {
          throw new InvalidInputException("architecture spec", spec, "pooling '" + token + "' after a dense layer");
        }
        int k = positive(spec, pool.group(1), "pool size");
        if (height / k == 0 || width / k == 0) {
          throw new InvalidInputException("architecture spec", spec, "'" + token + "' leaves no output on a " + height + "x" + width + " input");
        }
        layers.add(new Layer.MaxPool(k, channels, height, width));
        height /= k;
        width /= k;
      } else if (dense.matches()) {
        int units = positive(spec, dense.group(1), "units");
        if (features < 0) {
          features = channels * height * width;
          layers.add(new Layer.Flatten(features));
        }
        layers.add(new Layer.Dense("fc" + (++denses), features, units, t < tokens.length - 1));
        features = units;
      } else {
        throw new InvalidInputException("architecture spec", spec, "token '" + token + "' is none of cNkK[pP], mK, fN");
      }
    }
    if (features < 0) {
      throw new InvalidInputException("architecture spec", spec, "a cnn must end in a dense layer fN giving the class scores");
    }
    return new Architecture(spec, input, input.pixelCount(), layers, null);
  }

  private static int positive(String spec, String text, String what) {
    try {
      int value = Integer.parseInt(text);
      if (value <= 0) {
        throw new InvalidInputException("architecture spec", spec, what + " must be positive, got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("architecture spec", spec, what + " '" + text + "' is not a whole number");
    }
  }

  public String spec() {
    return spec;
  }

  public boolean isTorchScript() {
    return torchScriptFile != null;
  }

  /** The TorchScript file named by the spec, resolved against {@code base} when relative. */
  public Path torchScriptFile(Path base) {
    Path file = Path.of(torchScriptFile);
    return file.isAbsolute() || base == null ? file : base.resolve(file);
  }

  /** The image shape a cnn expects, or null for an mlp, which only fixes the feature count. */
  public ImageShape inputShape() {
    return inputShape;
  }

  /** Values of one flattened input example, or -1 for TorchScript. */
  public int inputFeatures() {
    return inputFeatures;
  }

  /** Every layer in an order where each comes after the layers it reads (forward order for a chain). */
  public List<Layer> layers() {
    return layers;
  }

  /** Whether layers may read other layers than the one before them ({@code graph:} specs). */
  public boolean isGraph() {
    return inputs != null;
  }

  /** The indices in {@link #layers()} of the layers that layer {@code index} reads; -1 is the model's input. */
  public int[] inputsOf(int index) {
    return inputs == null ? new int[] {index - 1} : inputs.get(index).clone();
  }

  /** The indices of the layers that read layer {@code index} (-1: the model's input), in order. */
  public List<Integer> consumersOf(int index) {
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      for (int input : inputsOf(i)) {
        if (input == index) {
          result.add(i);
          break;
        }
      }
    }
    return result;
  }

  /** The layers with weights, in forward order. */
  public List<WeightLayer> weightLayers() {
    List<WeightLayer> result = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof WeightLayer w) {
        result.add(w);
      }
    }
    return result;
  }

  /** The number of classes (the last layer's outputs), or -1 for TorchScript. */
  public int classCount() {
    List<WeightLayer> weights = weightLayers();
    return weights.isEmpty() ? -1 : weights.get(weights.size() - 1).outputs();
  }

  /** Parameter names and shapes in forward order. */
  public Map<String, int[]> parameterShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (WeightLayer layer : weightLayers()) {
      shapes.put(layer.weightName(), layer.weightShape());
      shapes.put(layer.biasName(), new int[] {layer.outputs()});
    }
    return shapes;
  }

  /**
   * The same architecture with some layers narrowed, as structured pruning leaves it.
   *
   * @param outputs new output counts by weight-layer name; the last layer keeps its classes
   */
  public Architecture withOutputs(Map<String, Integer> outputs) {
    if (isTorchScript()) {
      throw new UnsupportedOperationException("a TorchScript graph cannot be narrowed");
    }
    if (isGraph()) {
      return GraphSpec.parse(GraphSpec.write(this, outputs));
    }
    StringBuilder b = new StringBuilder();
    List<WeightLayer> weights = weightLayers();
    if (inputShape == null) {
      b.append("mlp:").append(inputFeatures);
      for (WeightLayer w : weights) {
        b.append('-').append(outputs.getOrDefault(w.name(), w.outputs()));
      }
      return parse(b.toString());
    }
    b.append("cnn:").append(inputShape).append(':');
    List<String> tokens = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof Layer.Conv c) {
        tokens.add("c" + outputs.getOrDefault(c.name(), c.outChannels()) + "k" + c.kernel() + (c.padding() > 0 ? "p" + c.padding() : ""));
      } else if (layer instanceof Layer.MaxPool m) {
        tokens.add("m" + m.size());
      } else if (layer instanceof Layer.Dense d) {
        tokens.add("f" + outputs.getOrDefault(d.name(), d.outputs()));
      }
    }
    b.append(String.join("-", tokens));
    String narrowed = b.toString();
    return parse(narrowed.equals(LENET5_CNN) ? LENET5 : narrowed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture a && spec.equals(a.spec);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec);
  }

  @Override
  public String toString() {
    return spec;
  }
}
