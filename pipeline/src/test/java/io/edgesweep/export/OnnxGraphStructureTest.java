package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Pruning;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSchedule;
import io.edgesweep.compress.PruningSettings;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.bundle.BundleContents;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the exporter writes, node by node and initializer by initializer, for each layer kind and code container. */
class OnnxGraphStructureTest {
  @Test
  void aCnnWithFourBitWeightsAndInt8ActivationsIsWrittenAsOnnxRuntimesQdqFormat() throws Exception {
    ModelArtifact model = ExportFixtures.quantized(ExportFixtures.CNN, "4", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(ExportFixtures.onnx(model, ExportFixtures.CNN, OnnxExport.Options.defaults()));
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(21);
    assertThat(proto.getIrVersion()).isEqualTo(10);
    OnnxMl.GraphProto g = proto.getGraph();
    // Each weight layer: input QDQ, weight DQ, the op (float bias: no integer kernel takes INT4); ReLU after
    // convolutions; pools and flatten between.
    assertThat(g.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList()).containsExactly(
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "Relu", "MaxPool",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "Relu", "MaxPool", "Flatten",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm");
    Map<String, OnnxMl.NodeProto> nodes = g.getNodeList().stream().collect(Collectors.toMap(n -> n.getOutput(0), Function.identity()));
    assertThat(ints(nodes.get("conv1.output"), "pads")).containsExactly(1L, 1L, 1L, 1L);
    assertThat(ints(nodes.get("conv1.output"), "kernel_shape")).containsExactly(3L, 3L);
    assertThat(ints(nodes.get("conv2.output"), "pads")).containsExactly(0L, 0L, 0L, 0L);
    assertThat(ints(nodes.get("pool1.output"), "kernel_shape")).containsExactly(2L, 2L);
    assertThat(ints(nodes.get("pool1.output"), "strides")).containsExactly(2L, 2L);
    assertThat(nodes.get("logits").getOpType()).isEqualTo("Gemm");
    assertThat(nodes.get("conv1.weight").getAttribute(0).getI()).as("per-channel axis").isZero();

    Map<String, OnnxMl.TensorProto> init = g.getInitializerList().stream().collect(Collectors.toMap(OnnxMl.TensorProto::getName, Function.identity()));
    OnnxMl.TensorProto codes = init.get("conv1.weight_quantized");
    assertThat(codes.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT4_VALUE);
    assertThat(codes.getDimsList()).containsExactly(4L, 1L, 3L, 3L);
    assertThat(codes.getRawData().size()).as("36 codes, two to a byte").isEqualTo(18);
    assertThat(init.get("conv1.weight_scale").getDimsList()).containsExactly(4L);
    assertThat(init.get("conv1.weight_zero_point").getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT4_VALUE);
    assertThat(init.get("conv1.bias").getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
    assertThat(init).doesNotContainKey("conv1.bias_quantized");
    assertThat(init.get("conv1.input_scale").getDimsCount()).as("per-tensor activation scale").isZero();
    assertThat(init.get("conv1.input_zero_point").getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.UINT8_VALUE);
    assertThat(init.get("fc1.weight_quantized").getDimsList()).containsExactly(10L, 288L); // 8 filters of 6x6 after 28 -> 28 -> 14 -> 12 -> 6
    // The image input at 8 bits: scale 1/255, zero-point 0, as calibration finds on [0, 1].
    assertThat(init.get("conv1.input_scale").getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat())
        .isEqualTo(1f / 255);
    assertThat(g.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("N");
    assertThat(g.getOutput(0).getName()).isEqualTo("logits");
  }

  @Test
  void eightBitLayersWithEightBitInputsGetInt32BiasesAtTheInputTimesWeightScale() throws Exception {
    ModelArtifact model = ExportFixtures.quantized(ExportFixtures.CNN, "8", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    byte[] onnx = ExportFixtures.onnx(model, ExportFixtures.CNN, OnnxExport.Options.defaults());
    OnnxMl.TensorProto codes = initializer(onnx, "conv1.bias_quantized");
    assertThat(codes.getDataType()).isEqualTo(OnnxMl.TensorProto.DataType.INT32_VALUE);
    assertThat(codes.getDimsList()).containsExactly(4L);
    java.nio.FloatBuffer scales = initializer(onnx, "conv1.bias_scale").getRawData().asReadOnlyByteBuffer()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    java.nio.IntBuffer ints = codes.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    var q = BundleContents.codes(model, ExportFixtures.trained(ExportFixtures.CNN), "test").tensors().get("conv1.weight");
    float[] bias = model.parameters().get("conv1.bias").values();
    for (int c = 0; c < 4; c++) {
      float scale = model.manifest().activations().inputs().get("conv1").scale() * q.scales()[c];
      assertThat(scales.get(c)).isEqualTo(scale);
      assertThat(ints.get(c)).isEqualTo((int) Math.rint(bias[c] / scale));
    }
    assertThat(initializer(onnx, "conv1.bias")).as("no float bias beside the codes").isNull();
  }

  @Test
  void theOpsetIs17UnlessFourOrSixteenBitCodesNeed21() {
    for (String weights : new String[] {"32", "fp16", "8", "6", "4", "2", "12"}) {
      ModelArtifact model = ExportFixtures.quantized(ExportFixtures.MLP, weights, Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
          ActivationSettings.int8());
      boolean needs21 = weights.equals("4") || weights.equals("2") || weights.equals("12");
      assertThat(OnnxExport.opset(ExportFixtures.onnx(model, ExportFixtures.MLP, OnnxExport.Options.defaults()))).as(weights)
          .isEqualTo(needs21 ? 21 : 17);
      assertThat(OnnxExport.opset(ExportFixtures.onnx(model, ExportFixtures.MLP, new OnnxExport.Options(false, true)))).as(weights + " int8 containers")
          .isEqualTo(weights.equals("12") ? 21 : 17);
    }
    ModelArtifact wideActivations = ExportFixtures.quantized(ExportFixtures.MLP, "8", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.integer(12, ActivationSettings.Calibration.minMax()));
    assertThat(OnnxExport.opset(ExportFixtures.onnx(wideActivations, ExportFixtures.MLP, OnnxExport.Options.defaults()))).as("uint16 activations")
        .isEqualTo(21);
  }

  @Test
  void codeContainersFollowTheSchemeAndTheWidth() throws Exception {
    assertThat(weightType("2", QuantizationScheme.AFFINE, true)).isEqualTo(OnnxMl.TensorProto.DataType.UINT4_VALUE);
    assertThat(weightType("4", QuantizationScheme.SYMMETRIC, false)).isEqualTo(OnnxMl.TensorProto.DataType.INT8_VALUE);
    assertThat(weightType("6", QuantizationScheme.SYMMETRIC, true)).isEqualTo(OnnxMl.TensorProto.DataType.INT8_VALUE);
    assertThat(weightType("8", QuantizationScheme.AFFINE, true)).isEqualTo(OnnxMl.TensorProto.DataType.UINT8_VALUE);
    assertThat(weightType("12", QuantizationScheme.SYMMETRIC, true)).isEqualTo(OnnxMl.TensorProto.DataType.INT16_VALUE);
    assertThat(weightType("fp16", QuantizationScheme.SYMMETRIC, true)).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT16_VALUE);
    assertThat(weightType("32", QuantizationScheme.SYMMETRIC, true)).isEqualTo(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
  }

  @Test
  void aStructurallyPrunedModelIsExportedNarrowAndPredictsAsInTheSweep() {
    ModelArtifact pruned = Pruning.apply(ExportFixtures.trained(ExportFixtures.MLP),
        new PruningSettings(PruningMethod.STRUCTURED_L2, 0.5, 1, 1e-3, 128, 3, PruningSchedule.ONE_SHOT), ExportFixtures.train(), null, "test");
    assertThat(pruned.architecture().spec()).isNotEqualTo(ExportFixtures.MLP);
    ModelArtifact model = Quantization.apply(pruned, new QuantizationSettings(WeightPrecision.ofBits(8), Granularity.PER_CHANNEL,
        QuantizationScheme.SYMMETRIC, ActivationSettings.off()), ExportFixtures.calibration(), "test");
    byte[] onnx = OnnxExport.bytes(model, BundleContents.codes(model, pruned, "test"), null, OnnxExport.Options.defaults());
    int hidden = pruned.architecture().weightLayers().get(0).outputs();
    assertThat(initializer(onnx, "fc1.weight_quantized").getDimsList()).containsExactly((long) hidden, 784L);
    assertThat(OnnxExport.metadata(onnx)).containsEntry("arch", pruned.architecture().spec());
    Predictions sweep = ExportFixtures.sweepPredictions(model);
    OnnxEvaluation.Result ort = OnnxEvaluation.run(onnx, ExportFixtures.test(), null, OnnxSessions.Level.ALL, 250, "pruned");
    assertThat(OnnxExportTest.predicted(ort.predictions())).containsExactly(OnnxExportTest.predicted(sweep));
  }

  private static int weightType(String weights, QuantizationScheme scheme, boolean int4) throws Exception {
    ModelArtifact model = ExportFixtures.quantized(ExportFixtures.MLP, weights, Granularity.PER_CHANNEL, scheme, ActivationSettings.off());
    byte[] onnx = ExportFixtures.onnx(model, ExportFixtures.MLP, new OnnxExport.Options(int4, true));
    OnnxSessions.check(onnx, weights);
    OnnxMl.TensorProto t = initializer(onnx, "fc1.weight_quantized");
    if (t == null) {
      t = initializer(onnx, "fc1.weight_fp16");
    }
    if (t == null) {
      t = initializer(onnx, "fc1.weight");
    }
    return t.getDataType();
  }

  private static OnnxMl.TensorProto initializer(byte[] onnx, String name) {
    try {
      return OnnxMl.ModelProto.parseFrom(onnx).getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
          .orElse(null);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Long> ints(OnnxMl.NodeProto node, String attribute) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(attribute)).findFirst().orElseThrow().getIntsList();
  }
}
