package io.edgesweep.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageShape;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX classifier into an {@link OnnxGraph}, resolving every shape from the dataset's
 * image shape and refusing, before anything runs, what it cannot represent.
 *
 * <p>Written for what {@code torch.onnx.export} produces at opsets 13 to 17: Gemm (or MatMul and
 * Add) for linear layers, Conv with groups, BatchNormalization in eval mode (folded here into the
 * convolution or linear layer before it), Relu, Clip(0, 6) for ReLU6, MaxPool, AveragePool,
 * GlobalAveragePool, Flatten or a flattening Reshape, and Add. The small integer subgraphs that
 * tracing leaves to compute a Reshape's target ({@code Shape}, {@code Gather}, {@code Unsqueeze},
 * {@code Concat}) are evaluated here with the batch kept symbolic. Identity and Dropout pass their
 * input through, as they do in inference.
 */
public final class OnnxGraphReader {
  /** The lowest and highest default-domain opsets read: those {@code torch.onnx.export} writes in 1.13 and 2.x. */
  public static final long MIN_OPSET = 13;

  public static final long MAX_OPSET = 17;

  /** What a refusal lists, so a user can see at once how far their model is from importable. */
  public static final String SUPPORTED =
      "Gemm, MatMul+Add, Conv (with groups), BatchNormalization (folded), Relu, Clip(0, 6), MaxPool, AveragePool, "
          + "GlobalAveragePool, Flatten, Reshape (flattening), Add, Identity, Dropout, Pad (of zeros)";

  /** The batch axis in shape arithmetic: symbolic, so a model exported for any batch size reads alike. */
  private static final long BATCH = Long.MIN_VALUE;

  private final String source;
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, long[]> integers = new HashMap<>();
  private final Map<String, String> aliases = new HashMap<>();
  private final Map<String, int[]> shapes = new HashMap<>();
  private final Map<String, Integer> uses = new HashMap<>();
  private final List<OnnxNode> nodes = new ArrayList<>();
  private long fixedBatch = -1;

  private OnnxGraphReader(String source) {
    this.source = source;
  }

  /** Reads {@code file} for images of {@code dataShape} and {@code classCount} classes. */
  public static OnnxGraph read(Path file, ImageShape dataShape, int classCount) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
    return read(bytes, file.toString(), dataShape, classCount);
  }

  public static OnnxGraph read(byte[] bytes, String source, ImageShape dataShape, int classCount) {
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidInputException(source, null, "not an ONNX model: " + e.getMessage(), e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new InvalidInputException(source, null, "not an ONNX model: it holds no graph");
    }
    long opset = opset(source, model);
    OnnxGraphReader reader = new OnnxGraphReader(source);
    return reader.readGraph(model, opset, ModelArtifact.sha256(bytes), dataShape, classCount);
  }

  private static long opset(String source, ModelProto model) {
    long opset = -1;
    for (OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
        opset = id.getVersion();
      }
    }
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new InvalidInputException(source, "opset_import",
          (opset < 0 ? "declares no ai.onnx opset" : "declares opset " + opset) + "; import-onnx reads opsets "
              + MIN_OPSET + " to " + MAX_OPSET + " (torch.onnx.export(..., opset_version=17))");
    }
    return opset;
  }

  private OnnxGraph readGraph(ModelProto model, long opset, String sha256, ImageShape dataShape, int classCount) {
    GraphProto graph = model.getGraph();
    for (TensorProto initializer : graph.getInitializerList()) {
      constants.put(initializer.getName(), initializer);
    }
    for (NodeProto node : graph.getNodeList()) {
      for (String input : node.getInputList()) {
        uses.merge(input, 1, Integer::sum);
      }
    }
    for (ValueInfoProto output : graph.getOutputList()) {
      uses.merge(output.getName(), 1, Integer::sum);
    }
    List<ValueInfoProto> inputs = graph.getInputList().stream().filter(i -> !constants.containsKey(i.getName())).toList();
    if (inputs.size() != 1) {
      throw new InvalidInputException(source, "graph.input",
          "has " + inputs.size() + " inputs " + inputs.stream().map(ValueInfoProto::getName).toList() + "; a classifier has one, the images");
    }
    ValueInfoProto input = inputs.get(0);
    int[] inputShape = inputShape(input, dataShape);
    shapes.put(input.getName(), inputShape);
    for (NodeProto node : graph.getNodeList()) {
      readNode(node);
    }
    if (graph.getOutputCount() != 1) {
      throw new InvalidInputException(source, "graph.output",
          "has " + graph.getOutputCount() + " outputs; a classifier has one, the class scores");
    }
    String output = resolve(graph.getOutput(0).getName());
    int[] outputShape = shapes.get(output);
    if (outputShape == null) {
      throw new InvalidInputException(source, "graph.output", "'" + output + "' is not computed from the input");
    }
    if (outputShape.length != 1 || outputShape[0] != classCount) {
      throw new InvalidInputException(source, "graph.output",
          "'" + output + "' has shape [batch, " + join(outputShape) + "]; the dataset has " + classCount
              + " classes, so [batch, " + classCount + "] class scores are needed");
    }
    String producer = model.getProducerName() + (model.getProducerVersion().isEmpty() ? "" : " " + model.getProducerVersion());
    return new OnnxGraph(source, sha256, opset, producer.trim(), input.getName(), inputShape, nodes, output);
  }

  private int[] inputShape(ValueInfoProto input, ImageShape data) {
    String field = "input '" + input.getName() + "'";
    if (!input.getType().hasTensorType() || input.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new InvalidInputException(source, field, "is not a float32 tensor; edgesweep feeds float32 images in [0, 1]");
    }
    List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
    int[] expected;
    if (dims.size() == 4) {
      expected = new int[] {data.channels(), data.height(), data.width()};
    } else if (dims.size() == 2) {
      expected = new int[] {data.pixelCount()};
    } else {
      throw new InvalidInputException(source, field,
          "has " + dims.size() + " dimensions; a classifier of " + data + " images takes [batch, C, H, W] or [batch, C*H*W]");
    }
    if (dims.get(0).hasDimValue()) {
      fixedBatch = dims.get(0).getDimValue();
    }
    for (int i = 0; i < expected.length; i++) {
      TensorShapeProto.Dimension dim = dims.get(i + 1);
      if (dim.hasDimValue() && dim.getDimValue() != expected[i]) {
        throw new InvalidInputException(source, field,
            "has shape " + describe(dims) + ", the dataset's images are " + data + " (so [batch, " + join(expected) + "])");
      }
    }
    return expected;
  }

  private void readNode(NodeProto node) {
    String name = node.getName().isEmpty() ? (node.getOutputCount() > 0 ? node.getOutput(0) : node.getOpType()) : node.getName();
    String op = node.getOpType();
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw refuse(name, op, "is in domain " + node.getDomain() + ", not the standard ai.onnx");
    }
    switch (op) {
      case "Constant" -> readConstant(node, name);
      case "Identity", "Dropout" -> passThrough(node, name);
      case "Shape" -> shapeOf(node, name);
      case "Gather" -> gather(node, name);
      case "Unsqueeze", "Squeeze", "Cast" -> sameIntegers(node, name);
      case "Concat" -> concat(node, name);
      case "Gemm" -> gemm(node, name);
      case "MatMul" -> matMul(node, name);
      case "Add" -> add(node, name);
      case "Conv" -> conv(node, name);
      case "BatchNormalization" -> batchNorm(node, name);
      case "Relu" -> elementwise(node, name, new OnnxOp.Relu());
      case "Clip" -> clip(node, name);
      case "MaxPool" -> maxPool(node, name);
      case "AveragePool" -> averagePool(node, name);
      case "GlobalAveragePool" -> globalAveragePool(node, name);
      case "Flatten" -> flatten(node, name);
      case "Reshape" -> reshape(node, name);
      case "Pad" -> pad(node, name);
      default -> throw refuse(name, op, "is not supported");
    }
  }

  // ---- values known at import: constants and integer shape arithmetic ----

  private void readConstant(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      switch (a.getName()) {
        case "value" -> constants.put(node.getOutput(0), a.getT());
        case "value_ints" -> integers.put(node.getOutput(0), a.getIntsList().stream().mapToLong(Long::longValue).toArray());
        case "value_int" -> integers.put(node.getOutput(0), new long[] {a.getI()});
        case "value_float" -> constants.put(node.getOutput(0),
            TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF()).build());
        default -> throw refuse(name, "Constant", "has a '" + a.getName() + "' value, only tensors and numbers are read");
      }
    }
  }

  private void passThrough(NodeProto node, String name) {
    String in = node.getInput(0);
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && uses.getOrDefault(node.getOutput(1), 0) > 0) {
      throw refuse(name, node.getOpType(), "has its mask output used; export the model in eval mode");
    }
    if (constants.containsKey(in)) {
      constants.put(node.getOutput(0), constants.get(in));
    } else if (integers.containsKey(in)) {
      integers.put(node.getOutput(0), integers.get(in));
    } else {
      activationShape(name, node.getOpType(), in);
      aliases.put(node.getOutput(0), resolve(in));
    }
  }

  private void shapeOf(NodeProto node, String name) {
    int[] shape = activationShape(name, "Shape", node.getInput(0));
    long[] full = new long[shape.length + 1];
    full[0] = BATCH;
    for (int i = 0; i < shape.length; i++) {
      full[i + 1] = shape[i];
    }
    int start = (int) attributeInt(node, "start", 0);
    int end = (int) attributeInt(node, "end", full.length);
    start = start < 0 ? start + full.length : start;
    end = end < 0 ? end + full.length : Math.min(end, full.length);
    integers.put(node.getOutput(0), Arrays.copyOfRange(full, start, Math.max(start, end)));
  }

  private void gather(NodeProto node, String name) {
    long[] data = knownIntegers(name, "Gather", node.getInput(0));
    long[] indices = knownIntegers(name, "Gather", node.getInput(1));
    if (attributeInt(node, "axis", 0) != 0) {
      throw refuse(name, "Gather", "gathers on an axis other than 0 of a shape");
    }
    long[] out = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int index = (int) (indices[i] < 0 ? indices[i] + data.length : indices[i]);
      if (index < 0 || index >= data.length) {
        throw refuse(name, "Gather", "index " + indices[i] + " is outside a shape of " + data.length + " values");
      }
      out[i] = data[index];
    }
    integers.put(node.getOutput(0), out);
  }

  private void sameIntegers(NodeProto node, String name) {
    integers.put(node.getOutput(0), knownIntegers(name, node.getOpType(), node.getInput(0)));
  }

  private void concat(NodeProto node, String name) {
    List<Long> all = new ArrayList<>();
    for (String input : node.getInputList()) {
      for (long v : knownIntegers(name, "Concat", input)) {
        all.add(v);
      }
    }
    integers.put(node.getOutput(0), all.stream().mapToLong(Long::longValue).toArray());
  }

  private long[] knownIntegers(String name, String op, String value) {
    if (integers.containsKey(value)) {
      return integers.get(value);
    }
    if (constants.containsKey(value)) {
      return OnnxTensors.longs(source, "node '" + name + "' (" + op + ") input '" + value + "'", constants.get(value));
    }
    throw refuse(name, op, "computes on the activation '" + value + "'; only shape arithmetic on constants and Shape is "
        + "resolved at import (a dynamic shape the image shape does not fix)");
  }

  // ---- layers ----

  private void gemm(NodeProto node, String name) {
    int[] in = activationShape(name, "Gemm", node.getInput(0));
    if (in.length != 1) {
      throw refuse(name, "Gemm", "reads a [" + join(in) + "] activation; flatten it first");
    }
    if (attributeInt(node, "transA", 0) != 0) {
      throw refuse(name, "Gemm", "has transA = 1, which would mix examples of the batch");
    }
    Tensor b = constantFloats(name, "Gemm", node.getInput(1));
    if (b.rank() != 2) {
      throw refuse(name, "Gemm", "has a weight of rank " + b.rank() + ", 2 is needed");
    }
    Tensor weight = attributeInt(node, "transB", 0) == 1 ? b : transpose(b);
    if (weight.dim(1) != in[0]) {
      throw refuse(name, "Gemm", "has a weight for " + weight.dim(1) + " inputs, its input has " + in[0]);
    }
    float alpha = attributeFloat(node, "alpha", 1f);
    float beta = attributeFloat(node, "beta", 1f);
    scale(weight, alpha);
    Tensor bias = Tensor.zeros(weight.dim(0));
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      Tensor c = constantFloats(name, "Gemm", node.getInput(2));
      bias = perChannel(name, "Gemm", c, weight.dim(0));
      scale(bias, beta);
    }
    addNode(name, "Gemm", node.getInput(0), node.getOutput(0), new OnnxOp.Dense(weight, bias), new int[] {weight.dim(0)});
  }

  private void matMul(NodeProto node, String name) {
    int[] in = activationShape(name, "MatMul", node.getInput(0));
    if (in.length != 1) {
      throw refuse(name, "MatMul", "reads a [" + join(in) + "] activation; only [batch, features] times a weight is read");
    }
    Tensor b = constantFloats(name, "MatMul", node.getInput(1));
    if (b.rank() != 2 || b.dim(0) != in[0]) {
      throw refuse(name, "MatMul", "has a weight " + Arrays.toString(b.shape()) + " for an input of " + in[0] + " features");
    }
    Tensor weight = transpose(b);
    addNode(name, "MatMul", node.getInput(0), node.getOutput(0), new OnnxOp.Dense(weight, Tensor.zeros(weight.dim(0))),
        new int[] {weight.dim(0)});
  }

  private void add(NodeProto node, String name) {
    String a = node.getInput(0);
    String b = node.getInput(1);
    boolean aConstant = constants.containsKey(a);
    boolean bConstant = constants.containsKey(b);
    if (aConstant && bConstant) {
      throw refuse(name, "Add", "adds two constants");
    }
    if (!aConstant && !bConstant) {
      int[] left = activationShape(name, "Add", a);
      int[] right = activationShape(name, "Add", b);
      if (!Arrays.equals(left, right)) {
        throw refuse(name, "Add", "adds [" + join(left) + "] and [" + join(right) + "]; only equal shapes are read");
      }
      OnnxNode added = new OnnxNode(name, "Add", List.of(resolve(a), resolve(b)), node.getOutput(0), new OnnxOp.Add(), left);
      nodes.add(added);
      shapes.put(node.getOutput(0), left);
      return;
    }
    String activation = aConstant ? b : a;
    Tensor constant = constantFloats(name, "Add", aConstant ? a : b);
    OnnxNode producer = singleUseProducer(activation);
    if (producer == null) {
      throw refuse(name, "Add", "adds a constant to '" + activation + "', which is not the sole output of a Gemm, MatMul or Conv");
    }
    Tensor bias;
    OnnxOp folded;
    if (producer.op() instanceof OnnxOp.Dense d) {
      bias = plus(d.bias(), perChannel(name, "Add", constant, d.outputs()));
      folded = new OnnxOp.Dense(d.weight(), bias);
    } else if (producer.op() instanceof OnnxOp.Conv c) {
      bias = plus(c.bias(), perChannel(name, "Add", constant, c.outChannels()));
      folded = new OnnxOp.Conv(c.weight(), bias, c.groups(), c.strides(), c.pads(), c.dilations());
    } else {
      throw refuse(name, "Add", "adds a constant to the output of " + producer.describe() + "; only a bias after Gemm, MatMul or Conv is read");
    }
    replace(producer, producer.opType() + "+Add", folded, node.getOutput(0));
  }

  private void conv(NodeProto node, String name) {
    int[] in = activationShape(name, "Conv", node.getInput(0));
    Tensor weight = constantFloats(name, "Conv", node.getInput(1));
    if (in.length != 3 || weight.rank() != 4) {
      throw refuse(name, "Conv", "is not a 2-D convolution of a [C, H, W] activation (input [" + join(in) + "], weight "
          + Arrays.toString(weight.shape()) + ")");
    }
    int groups = (int) attributeInt(node, "group", 1);
    if (groups < 1 || in[0] % groups != 0 || weight.dim(0) % groups != 0 || weight.dim(1) != in[0] / groups) {
      throw refuse(name, "Conv", "has a weight " + Arrays.toString(weight.shape()) + " and " + groups + " groups for " + in[0] + " input channels");
    }
    int[] kernel = {weight.dim(2), weight.dim(3)};
    int[] declared = attributeInts(node, "kernel_shape", kernel);
    if (!Arrays.equals(declared, kernel)) {
      throw refuse(name, "Conv", "declares kernel_shape " + Arrays.toString(declared) + " for a weight " + Arrays.toString(weight.shape()));
    }
    Window window = window(node, name, "Conv", kernel);
    Tensor bias = Tensor.zeros(weight.dim(0));
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      bias = perChannel(name, "Conv", constantFloats(name, "Conv", node.getInput(2)), weight.dim(0));
    }
    int[] out = {weight.dim(0), window.outHeight(in[1], false), window.outWidth(in[2], false)};
    checkPositive(name, "Conv", out);
    addNode(name, "Conv", node.getInput(0), node.getOutput(0),
        new OnnxOp.Conv(weight, bias, groups, window.strides(), window.pads(), window.dilations()), out);
  }

  private void batchNorm(NodeProto node, String name) {
    String op = "BatchNormalization";
    int[] in = activationShape(name, op, node.getInput(0));
    if (attributeInt(node, "training_mode", 0) != 0 || (node.getOutputCount() > 1
        && node.getOutputList().subList(1, node.getOutputCount()).stream().anyMatch(o -> !o.isEmpty() && uses.getOrDefault(o, 0) > 0))) {
      throw refuse(name, op, "is in training mode; export the model after model.eval()");
    }
    int channels = in[0];
    float[] gamma = perChannel(name, op, constantFloats(name, op, node.getInput(1)), channels).values();
    float[] beta = perChannel(name, op, constantFloats(name, op, node.getInput(2)), channels).values();
    float[] mean = perChannel(name, op, constantFloats(name, op, node.getInput(3)), channels).values();
    float[] variance = perChannel(name, op, constantFloats(name, op, node.getInput(4)), channels).values();
    double epsilon = attributeFloat(node, "epsilon", 1e-5f);
    OnnxNode producer = singleUseProducer(node.getInput(0));
    if (producer == null || !(producer.op() instanceof OnnxOp.Dense || producer.op() instanceof OnnxOp.Conv)) {
      throw refuse(name, op, "does not directly follow a Conv or Gemm whose output only it reads, so it cannot be folded");
    }
    Tensor weight = producer.op() instanceof OnnxOp.Dense d ? d.weight().copy() : ((OnnxOp.Conv) producer.op()).weight().copy();
    Tensor bias = producer.op() instanceof OnnxOp.Dense d ? d.bias().copy() : ((OnnxOp.Conv) producer.op()).bias().copy();
    int slice = weight.sliceSize();
    for (int c = 0; c < channels; c++) {
      double factor = gamma[c] / Math.sqrt(variance[c] + epsilon);
      for (int k = 0; k < slice; k++) {
        weight.values()[c * slice + k] = (float) (weight.values()[c * slice + k] * factor);
      }
      bias.values()[c] = (float) ((bias.values()[c] - mean[c]) * factor + beta[c]);
    }
    OnnxOp folded = producer.op() instanceof OnnxOp.Conv c
        ? new OnnxOp.Conv(weight, bias, c.groups(), c.strides(), c.pads(), c.dilations())
        : new OnnxOp.Dense(weight, bias);
    replace(producer, producer.opType() + "+BatchNormalization", folded, node.getOutput(0));
  }

  private void clip(NodeProto node, String name) {
    float min = Float.NEGATIVE_INFINITY;
    float max = Float.POSITIVE_INFINITY;
    if (node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
      min = OnnxTensors.scalar(source, "node '" + name + "' (Clip) min", constant(name, "Clip", node.getInput(1)));
    }
    if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
      max = OnnxTensors.scalar(source, "node '" + name + "' (Clip) max", constant(name, "Clip", node.getInput(2)));
    }
    if (min == 0f && max == 6f) {
      elementwise(node, name, new OnnxOp.Relu6());
    } else if (min == 0f && max == Float.POSITIVE_INFINITY) {
      elementwise(node, name, new OnnxOp.Relu());
    } else {
      throw refuse(name, "Clip", "clips to [" + min + ", " + max + "]; only [0, 6] (ReLU6) and [0, inf) (ReLU) are read");
    }
  }

  private void elementwise(NodeProto node, String name, OnnxOp op) {
    int[] in = activationShape(name, node.getOpType(), node.getInput(0));
    addNode(name, node.getOpType(), node.getInput(0), node.getOutput(0), op, in);
  }

  private void maxPool(NodeProto node, String name) {
    int[] in = spatial(name, "MaxPool", node.getInput(0));
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && uses.getOrDefault(node.getOutput(1), 0) > 0) {
      throw refuse(name, "MaxPool", "has its indices output used");
    }
    int[] kernel = attributeInts(node, "kernel_shape", null);
    Window window = window(node, name, "MaxPool", kernel);
    if (Arrays.stream(window.dilations()).anyMatch(d -> d != 1)) {
      throw refuse(name, "MaxPool", "is dilated");
    }
    boolean ceil = attributeInt(node, "ceil_mode", 0) == 1;
    int[] out = {in[0], window.outHeight(in[1], ceil), window.outWidth(in[2], ceil)};
    checkPositive(name, "MaxPool", out);
    addNode(name, "MaxPool", node.getInput(0), node.getOutput(0), new OnnxOp.MaxPool(kernel, window.strides(), window.pads(), ceil), out);
  }

  private void averagePool(NodeProto node, String name) {
    int[] in = spatial(name, "AveragePool", node.getInput(0));
    int[] kernel = attributeInts(node, "kernel_shape", null);
    Window window = window(node, name, "AveragePool", kernel);
    boolean ceil = attributeInt(node, "ceil_mode", 0) == 1;
    boolean includePad = attributeInt(node, "count_include_pad", 0) == 1;
    int[] out = {in[0], window.outHeight(in[1], ceil), window.outWidth(in[2], ceil)};
    checkPositive(name, "AveragePool", out);
    addNode(name, "AveragePool", node.getInput(0), node.getOutput(0),
        new OnnxOp.AveragePool(kernel, window.strides(), window.pads(), ceil, includePad), out);
  }

  private void globalAveragePool(NodeProto node, String name) {
    int[] in = spatial(name, "GlobalAveragePool", node.getInput(0));
    addNode(name, "GlobalAveragePool", node.getInput(0), node.getOutput(0), new OnnxOp.GlobalAveragePool(), new int[] {in[0], 1, 1});
  }

  private void flatten(NodeProto node, String name) {
    int[] in = activationShape(name, "Flatten", node.getInput(0));
    long axis = attributeInt(node, "axis", 1);
    if (axis != 1 && axis != -(in.length + 1)) {
      throw refuse(name, "Flatten", "flattens from axis " + axis + "; only axis 1 (keep the batch) is read");
    }
    addFlatten(name, "Flatten", node.getInput(0), node.getOutput(0), in);
  }

  private void reshape(NodeProto node, String name) {
    int[] in = activationShape(name, "Reshape", node.getInput(0));
    long[] target;
    try {
      target = knownIntegers(name, "Reshape", node.getInput(1));
    } catch (InvalidInputException e) {
      throw refuse(name, "Reshape", "has a target shape computed from values not known at import (a dynamic shape the image shape does not fix)");
    }
    long features = 1;
    for (int d : in) {
      features *= d;
    }
    boolean allowZero = attributeInt(node, "allowzero", 0) == 1;
    boolean batchFirst = target.length > 0 && (target[0] == BATCH || (target[0] == 0 && !allowZero)
        || (fixedBatch > 0 && target[0] == fixedBatch) || (target[0] == -1 && target.length == 2 && target[1] == features));
    long[] rest = batchFirst ? Arrays.copyOfRange(target, 1, target.length) : new long[0];
    long known = 1;
    int inferred = -1;
    long[] resolved = rest.clone();
    for (int i = 0; i < rest.length; i++) {
      if (rest[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (rest[i] == 0 && !allowZero && i + 1 < in.length + 1) {
        resolved[i] = in[i];
        known *= in[i];
      } else if (rest[i] > 0) {
        known *= rest[i];
      } else {
        resolved = null;
        break;
      }
    }
    if (resolved != null && inferred >= 0 && known > 0 && features % known == 0) {
      resolved[inferred] = features / known;
    }
    String shown = Arrays.stream(target).mapToObj(v -> v == BATCH ? "batch" : Long.toString(v)).toList().toString();
    if (!batchFirst || resolved == null || Arrays.stream(resolved).reduce(1, (x, y) -> x * y) != features) {
      throw refuse(name, "Reshape", "reshapes [batch, " + join(in) + "] to " + shown + "; only a reshape that keeps the batch is read");
    }
    if (resolved.length == 1) {
      addFlatten(name, "Reshape", node.getInput(0), node.getOutput(0), in);
    } else if (Arrays.equals(Arrays.stream(resolved).mapToInt(Math::toIntExact).toArray(), in)) {
      aliases.put(node.getOutput(0), resolve(node.getInput(0)));
    } else {
      throw refuse(name, "Reshape", "reshapes [batch, " + join(in) + "] to " + shown + "; only flattening to [batch, " + features + "] is read");
    }
  }

  /** A zero Pad, as torch writes before every AveragePool, passes its input through. */
  private void pad(NodeProto node, String name) {
    activationShape(name, "Pad", node.getInput(0));
    String mode = attributeString(node, "mode", "constant");
    long[] pads = node.getInputCount() > 1 && !node.getInput(1).isEmpty() ? knownIntegers(name, "Pad", node.getInput(1)) : new long[0];
    if (!mode.equals("constant") || Arrays.stream(pads).anyMatch(p -> p != 0)) {
      throw refuse(name, "Pad", "pads by " + Arrays.toString(pads) + " in " + mode + " mode; only a Pad of zeros (a no-op) is read, "
          + "padding belongs in the Conv or pool's own pads");
    }
    aliases.put(node.getOutput(0), resolve(node.getInput(0)));
  }

  private void addFlatten(String name, String op, String input, String output, int[] in) {
    if (in.length == 1) {
      aliases.put(output, resolve(input));
      return;
    }
    int features = Arrays.stream(in).reduce(1, (x, y) -> x * y);
    addNode(name, op, input, output, new OnnxOp.Flatten(), new int[] {features});
  }

  // ---- helpers ----

  /** Strides, pads and dilations of a convolution or pooling window, with ONNX's defaults. */
  private record Window(int[] kernel, int[] strides, int[] pads, int[] dilations) {
    int outHeight(int in, boolean ceil) {
      return out(in, 0, ceil);
    }

    int outWidth(int in, boolean ceil) {
      return out(in, 1, ceil);
    }

    private int out(int in, int axis, boolean ceil) {
      int span = in + pads[axis] + pads[axis + 2] - dilations[axis] * (kernel[axis] - 1) - 1;
      int out = (ceil ? Math.floorDiv(span + strides[axis] - 1, strides[axis]) : Math.floorDiv(span, strides[axis])) + 1;
      if (ceil && (out - 1) * strides[axis] >= in + pads[axis]) {
        out--;
      }
      return out;
    }
  }

  private Window window(NodeProto node, String name, String op, int[] kernel) {
    if (kernel == null || kernel.length != 2) {
      throw refuse(name, op, "has kernel_shape " + Arrays.toString(kernel) + "; only 2-D windows are read");
    }
    String autoPad = attributeString(node, "auto_pad", "NOTSET");
    int[] pads = attributeInts(node, "pads", new int[4]);
    if (autoPad.equals("VALID")) {
      pads = new int[4];
    } else if (!autoPad.equals("NOTSET")) {
      throw refuse(name, op, "has auto_pad " + autoPad + "; export with explicit padding (NOTSET) or VALID");
    }
    int[] strides = attributeInts(node, "strides", new int[] {1, 1});
    int[] dilations = attributeInts(node, "dilations", new int[] {1, 1});
    if (pads.length != 4 || strides.length != 2 || dilations.length != 2) {
      throw refuse(name, op, "has pads " + Arrays.toString(pads) + ", strides " + Arrays.toString(strides) + ", dilations "
          + Arrays.toString(dilations) + "; 2-D windows need 4, 2 and 2 values");
    }
    return new Window(kernel, strides, pads, dilations);
  }

  private void addNode(String name, String opType, String input, String output, OnnxOp op, int[] shape) {
    nodes.add(new OnnxNode(name, opType, List.of(resolve(input)), output, op, shape));
    shapes.put(output, shape);
  }

  private void replace(OnnxNode producer, String opType, OnnxOp op, String newOutput) {
    int index = nodes.indexOf(producer);
    nodes.set(index, new OnnxNode(producer.name(), opType, producer.inputs(), newOutput, op, producer.shape()));
    shapes.remove(producer.output());
    shapes.put(newOutput, producer.shape());
  }

  /** The node writing {@code value} when nothing else reads it, so its output may be changed in place. */
  private OnnxNode singleUseProducer(String value) {
    String resolved = resolve(value);
    if (uses.getOrDefault(resolved, 0) != 1 || !resolved.equals(value)) {
      return null;
    }
    for (OnnxNode node : nodes) {
      if (node.output().equals(resolved)) {
        return node;
      }
    }
    return null;
  }

  private int[] activationShape(String name, String op, String value) {
    int[] shape = shapes.get(resolve(value));
    if (shape == null) {
      throw refuse(name, op, "reads '" + value + "', which is not an activation computed from the input");
    }
    return shape;
  }

  private int[] spatial(String name, String op, String value) {
    int[] in = activationShape(name, op, value);
    if (in.length != 3) {
      throw refuse(name, op, "pools a [" + join(in) + "] activation; only [C, H, W] is read");
    }
    return in;
  }

  private String resolve(String value) {
    String v = value;
    while (aliases.containsKey(v)) {
      v = aliases.get(v);
    }
    return v;
  }

  private TensorProto constant(String name, String op, String value) {
    TensorProto t = constants.get(value);
    if (t == null) {
      throw refuse(name, op, "reads '" + value + "' as a weight, but it is computed, not stored in the file");
    }
    return t;
  }

  private Tensor constantFloats(String name, String op, String value) {
    return OnnxTensors.floats(source, "node '" + name + "' (" + op + ") input '" + value + "'", constant(name, op, value));
  }

  /** A per-output-channel vector from a tensor of shape [n], [1, n], [n, 1, 1] or [1, n, 1, 1]. */
  private Tensor perChannel(String name, String op, Tensor t, int n) {
    long nonUnit = Arrays.stream(t.shape()).filter(d -> d != 1).count();
    if (t.size() == n && nonUnit <= 1) {
      return new Tensor(new int[] {n}, t.values().clone());
    }
    throw refuse(name, op, "has a per-channel tensor of shape " + Arrays.toString(t.shape()) + " for " + n + " channels");
  }

  private static Tensor transpose(Tensor t) {
    int rows = t.dim(0);
    int cols = t.dim(1);
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = t.values()[r * cols + c];
      }
    }
    return new Tensor(new int[] {cols, rows}, out);
  }

  private static void scale(Tensor t, float factor) {
    if (factor != 1f) {
      float[] v = t.values();
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
    }
  }

  private static Tensor plus(Tensor a, Tensor b) {
    float[] out = a.values().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += b.values()[i];
    }
    return new Tensor(a.shape(), out);
  }

  private void checkPositive(String name, String op, int[] out) {
    if (Arrays.stream(out).anyMatch(d -> d <= 0)) {
      throw refuse(name, op, "leaves an empty output [" + join(out) + "] on the dataset's images");
    }
  }

  private static AttributeProto attribute(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static long attributeInt(NodeProto node, String name, long fallback) {
    AttributeProto a = attribute(node, name);
    return a == null ? fallback : a.getI();
  }

  private static float attributeFloat(NodeProto node, String name, float fallback) {
    AttributeProto a = attribute(node, name);
    return a == null ? fallback : a.getF();
  }

  private static int[] attributeInts(NodeProto node, String name, int[] fallback) {
    AttributeProto a = attribute(node, name);
    return a == null ? fallback : a.getIntsList().stream().mapToInt(Math::toIntExact).toArray();
  }

  private static String attributeString(NodeProto node, String name, String fallback) {
    AttributeProto a = attribute(node, name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  private InvalidInputException refuse(String name, String op, String problem) {
    return new InvalidInputException(source, "node '" + name + "' (" + op + ")",
        problem + "; import-onnx reads " + SUPPORTED);
  }

  private static String describe(List<TensorShapeProto.Dimension> dims) {
    List<String> parts = new ArrayList<>();
    for (TensorShapeProto.Dimension d : dims) {
      parts.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
    }
    return parts.toString();
  }

  private static String join(int[] values) {
    return String.join(", ", Arrays.stream(values).mapToObj(Integer::toString).toList());
  }
}
