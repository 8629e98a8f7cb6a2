package io.edgesweep.export;

import ai.onnx.proto.OnnxMl;
import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.QuantizedWeights;
import io.edgesweep.data.ImageShape;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Layer;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.WeightLayer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a model of the sweep as an ONNX model that computes what the sweep evaluated.
 *
 * <p>The graph takes {@code image}, float32 [N, C, H, W] with pixels / 255 in [0, 1] as the sweep
 * feeds its models, and gives {@code logits}, float32 [N, classes]. Every layer of the chain is
 * written by its {@link LayerWriter}; weights in the model's format ({@link WeightInitializers}),
 * each weight layer's input quantized as in the sweep ({@link ActivationQuantizers}). Structurally
 * pruned models are already narrow (their architecture is), so they are written narrow. Opset 17
 * (IR 8), as torch.onnx.export writes, unless 4- or 16-bit codes need opset 21 (IR 10), the first
 * with INT4/UINT4 and 16-bit QDQ, which ONNX Runtime runs from 1.20 on.
 */
public final class OnnxExport {
  /** The opset of models with 4- or 16-bit codes, which QDQ has from opset 21 on. */
  public static final int OPSET = 21;
  /** The opset of every other model: what torch.onnx.export writes by default, and what more tools read. */
  public static final int BASE_OPSET = 17;
  private static final int IR_FOR_OPSET_17 = 8;
  public static final String INPUT = "image";
  public static final String OUTPUT = "logits";
  /** The metadata key of the weights' and activations' encoding in words. */
  public static final String ENCODING = "encoding";
  /** The metadata key of the activations' format: float32, float16 or int8 (int b). */
  public static final String ACTIVATIONS = "activation_format";
  static final String PRODUCER = "edgesweep";

  private OnnxExport() {}

  /**
   * How to write what has more than one faithful encoding.
   *
   * @param int4 codes of 4 bits or fewer in INT4/UINT4 initializers (half the bytes), else in
   *     INT8/UINT8 for runtimes without 4-bit types
   * @param integerBias where a layer has 8-bit weight codes and an 8-bit integer input, its bias as
   *     int32 codes at scale s_input·s_weight, as ONNX Runtime's static quantization writes it, so
   *     that the runtime fuses the layer into an integer kernel (QGemm, QLinearConv); else every
   *     bias stays float32 as in the sweep, and the graph is the sweep's simulation op for op
   */
  public record Options(boolean int4, boolean integerBias) {
    public static Options defaults() {
      return new Options(true, true);
    }
  }

  /**
   * Builds the ONNX model of {@code model}.
   *
   * @param codes its weight codes (from its float parent, {@code BundleContents.codes}), or null for float32 weights
   * @param provenance what goes into metadata_props
   */
  public static OnnxMl.ModelProto build(ModelArtifact model, QuantizedWeights codes, OnnxProvenance provenance, Options options) {
    Architecture arch = model.architecture();
    if (arch.isTorchScript()) {
      throw new InvalidInputException(arch.spec(), "arch",
          "ONNX export needs the layers of an mlp: or cnn: architecture; a TorchScript graph does not expose them");
    }
    ImageShape shape = arch.inputShape() != null ? arch.inputShape() : ImageShape.parseOrNull(model.manifest().inputShape());
    if (shape == null || shape.pixelCount() != arch.inputFeatures()) {
      throw new InvalidInputException(arch.spec(), "input_shape", "the model's manifest gives no image shape of "
          + arch.inputFeatures() + " values (" + model.manifest().inputShape() + ")");
    }
    String name = provenance != null && provenance.variant() != null ? provenance.variant() : "edgesweep-model";
    OnnxGraphBuilder g = new OnnxGraphBuilder(name);
    WeightInitializers weights = new WeightInitializers(model.parameters(), codes, options.int4());
    ActivationQuantizers activations = new ActivationQuantizers(model.manifest().activations());
    // Each layer's output name, so a graph's layers can read any earlier one (a chain reads the one before).
    String[] outputs = new String[arch.layers().size()];
    LayerWriter.Context context = new LayerWriter.Context() {
      @Override
      public OnnxGraphBuilder graph() {
        return g;
      }

      @Override
      public String weight(WeightLayer layer) {
        return weights.weight(g, layer);
      }

      @Override
      public String bias(WeightLayer layer) {
        return weights.bias(g, layer, options.integerBias() ? activations.integerScale(layer) : null);
      }

      @Override
      public String layerInput(WeightLayer layer, String input) {
        return activations.input(g, layer, input);
      }

      @Override
      public String quantized(String name, String x) {
        return activations.input(g, name, x);
      }

      @Override
      public String addend(Layer.Add add) {
        int second = arch.inputsOf(arch.layers().indexOf(add))[1];
        return second < 0 ? INPUT : outputs[second];
      }
    };
    LayerWriters writers = new LayerWriters();
    String x = INPUT;
    for (int i = 0; i < arch.layers().size(); i++) {
      int first = arch.inputsOf(i)[0];
      x = writers.write(arch.layers().get(i), first < 0 ? INPUT : outputs[first], context);
      outputs[i] = x;
    }
    renameOutput(g.builder(), x, OUTPUT);
    g.builder()
        .addInput(OnnxGraphBuilder.floatValue(INPUT, "pixels / 255, in [0, 1], channels first", "N", shape.channels(), shape.height(), shape.width()))
        .addOutput(OnnxGraphBuilder.floatValue(OUTPUT, "class scores, in the order of metadata class_names", "N", arch.classCount()));
    boolean opset21 = g.needsOpset21();
    OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(opset21 ? OnnxMl.Version.IR_VERSION_VALUE : IR_FOR_OPSET_17)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset21 ? OPSET : BASE_OPSET))
        .setProducerName(PRODUCER)
        .setProducerVersion(producerVersion())
        .setDocString(arch.spec() + ", " + describe(model, codes, options))
        .setGraph(g.builder());
    Map<String, String> metadata = new LinkedHashMap<>();
    if (provenance != null) {
      metadata.putAll(provenance.metadata());
    }
    metadata.put("arch", arch.spec());
    metadata.put("class_names", String.join(",", model.manifest().classNames()));
    metadata.put("input", "image: float32 [N, " + shape.channels() + ", " + shape.height() + ", " + shape.width() + "], pixel / 255");
    metadata.put(ENCODING, describe(model, codes, options));
    var a = model.manifest().activations();
    metadata.put(ACTIVATIONS, a == null ? "float32" : a.isFp16() ? "float16" : "int" + a.bits());
    metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** The model's bytes, as written to model.onnx. */
  public static byte[] bytes(ModelArtifact model, QuantizedWeights codes, OnnxProvenance provenance, Options options) {
    return build(model, codes, provenance, options).toByteArray();
  }

  /** Weights, activations and biases in words: {@code weights int4 per-channel symmetric as INT4 + DequantizeLinear; activations uint8 QDQ; biases int32}. */
  static String describe(ModelArtifact model, QuantizedWeights codes, Options options) {
    String weights = "weights float32";
    boolean integerKernel = false;
    if (codes != null && !codes.tensors().isEmpty()) {
      var q = codes.tensors().values().iterator().next();
      integerKernel = WeightInitializers.integerKernel(q, options.int4());
      weights = switch (q.precision().kind()) {
        case FP16 -> "weights float16 + Cast";
        case FLOAT32 -> "weights float32";
        case INT -> "weights int" + q.precision().bits() + " " + q.granularity() + " " + q.scheme() + " as "
            + WeightInitializers.container(q, options.int4()) + " + DequantizeLinear";
      };
    }
    var a = model.manifest().activations();
    String activations = a == null ? "activations float32"
        : a.isFp16() ? "activations rounded to float16 (Cast pair)"
        : "activations int" + a.bits() + " as " + new ActivationQuantizers(a).container().name().toLowerCase(Locale.ROOT) + " QDQ";
    boolean intBias = options.integerBias() && a != null && !a.isFp16() && a.bits() <= 8 && integerKernel;
    return weights + "; " + activations + "; biases " + (intBias ? "int32" : "float32");
  }

  /** The ai.onnx opset an ONNX model's bytes declare, or -1. */
  public static long opset(byte[] onnx) {
    try {
      return OnnxMl.ModelProto.parseFrom(onnx).getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty())
          .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).findFirst().orElse(-1);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
  }

  /** The metadata_props of an ONNX model's bytes. */
  public static Map<String, String> metadata(byte[] onnx) {
    try {
      Map<String, String> m = new LinkedHashMap<>();
      for (OnnxMl.StringStringEntryProto e : OnnxMl.ModelProto.parseFrom(onnx).getMetadataPropsList()) {
        m.put(e.getKey(), e.getValue());
      }
      return m;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
    }
  }

  private static void renameOutput(OnnxMl.GraphProto.Builder graph, String from, String to) {
    for (OnnxMl.NodeProto.Builder node : graph.getNodeBuilderList()) {
      for (int i = 0; i < node.getOutputCount(); i++) {
        if (node.getOutput(i).equals(from)) {
          node.setOutput(i, to);
          node.setName(to + "_node");
        }
      }
    }
  }

  private static String producerVersion() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
