package io.edgesweep.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.google.protobuf.ByteString;
import io.edgesweep.TestData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other ways than torch 1.13's to write the same MLP, made from the fixture with the ONNX
 * protobuf builders: each must import and still match ONNX Runtime, which the import checks.
 */
class OnnxExportVariantsTest {
  @TempDir Path dir;

  @Test
  void aLinearLayerWrittenAsMatMulThenAddImportsAsTheSameDenseLayer() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("mlp")));
    ModelProto.Builder b = model.toBuilder();
    GraphProto.Builder g = b.getGraphBuilder();
    int index = -1;
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (g.getNode(i).getName().equals("/fc3/Gemm")) {
        index = i;
      }
    }
    NodeProto gemm = g.getNode(index);
    TensorProto weight = initializer(g, gemm.getInput(1));
    // Gemm with transB = 1 holds W [10, 64]; MatMul needs W^T [64, 10].
    float[] w = floats(weight);
    float[] transposed = new float[w.length];
    for (int r = 0; r < 10; r++) {
      for (int c = 0; c < 64; c++) {
        transposed[c * 10 + r] = w[r * 64 + c];
      }
    }
    g.addInitializer(TensorProto.newBuilder().setName("fc3_weight_t").setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(64).addDims(10).setRawData(bytes(transposed)));
    g.setNode(index, NodeProto.newBuilder().setName("fc3_matmul").setOpType("MatMul")
        .addInput(gemm.getInput(0)).addInput("fc3_weight_t").addOutput("fc3_product"));
    g.addNode(index + 1, NodeProto.newBuilder().setName("fc3_bias").setOpType("Add")
        .addInput("fc3_product").addInput(gemm.getInput(2)).addOutput(gemm.getOutput(0)));
    Path file = dir.resolve("matmul.onnx");
    Files.write(file, b.build().toByteArray());

    OnnxImport.Result result = OnnxImport.importModel(file, TestData.mini(), "test");
    assertThat(result.graph().nodes().stream().map(OnnxNode::opType)).contains("MatMul+Add");
    assertThat(result.artifact().architecture().spec()).isEqualTo("mlp:784-128-64-10");
    assertThat(result.maxLogitDifference()).isLessThanOrEqualTo(1e-4);
    assertThat(result.validationAccuracy()).isGreaterThan(0.8);
  }

  @Test
  void anMlpThatTakesFlattenedImagesImports() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("mlp")));
    ModelProto.Builder b = model.toBuilder();
    TensorShapeProto.Builder shape = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    shape.clearDim().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(784));
    Path file = dir.resolve("flat.onnx");
    Files.write(file, b.build().toByteArray());
    OnnxImport.Result result = OnnxImport.importModel(file, TestData.mini(), "test");
    assertThat(result.graph().inputShape()).containsExactly(784);
    assertThat(result.artifact().architecture().spec()).isEqualTo("mlp:784-128-64-10");
    assertThat(result.maxLogitDifference()).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void symbolicImageDimensionsAreResolvedFromTheDataset() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("lenet5")));
    ModelProto.Builder b = model.toBuilder();
    TensorShapeProto.Builder shape = b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    for (int axis = 1; axis < 4; axis++) {
      shape.setDim(axis, TensorShapeProto.Dimension.newBuilder().setDimParam("d" + axis));
    }
    Path file = dir.resolve("symbolic.onnx");
    Files.write(file, b.build().toByteArray());
    OnnxImport.Result result = OnnxImport.importModel(file, TestData.mini(), "test");
    assertThat(result.graph().inputShape()).containsExactly(1, 28, 28);
    assertThat(result.artifact().architecture().spec()).isEqualTo("cnn:1x28x28:c6k5p2-m2-c16k5-m2-f120-f84-f10");
  }

  @Test
  void classScoresThroughAReluAreRefusedNotTranslatedWithoutIt() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("mlp")));
    ModelProto.Builder b = model.toBuilder();
    String logits = model.getGraph().getOutput(0).getName();
    b.getGraphBuilder().addNode(NodeProto.newBuilder().setName("relu_on_scores").setOpType("Relu").addInput(logits).addOutput("scores"));
    b.getGraphBuilder().setOutput(0, model.getGraph().getOutput(0).toBuilder().setName("scores"));
    Path file = dir.resolve("relu.onnx");
    Files.write(file, b.build().toByteArray());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxImport.importModel(file, TestData.mini(), "test"))
        .isInstanceOf(io.edgesweep.InvalidInputException.class)
        .hasMessageContaining("node 'relu_on_scores' (Relu): puts the class scores through a ReLU");
  }

  private static TensorProto initializer(GraphProto.Builder g, String name) {
    return g.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
  }

  private static float[] floats(TensorProto t) {
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[raw.remaining() / 4];
    raw.asFloatBuffer().get(out);
    return out;
  }

  private static ByteString bytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return ByteString.copyFrom(buffer.array());
  }
}
