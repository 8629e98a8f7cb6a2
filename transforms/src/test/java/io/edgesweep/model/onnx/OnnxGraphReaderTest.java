package io.edgesweep.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxGraphReaderTest {
  static final ImageShape FASHION = new ImageShape(1, 28, 28);

  @Test
  void resNet8ReadsAsThreeResidualStacksWithEveryBatchNormFolded() {
    OnnxGraph graph = OnnxGraphReader.read(OnnxFixtures.file("resnet8"), FASHION, 10);
    assertThat(graph.opset()).isEqualTo(15);
    assertThat(graph.producer()).startsWith("pytorch 1.13");
    List<String> ops = graph.nodes().stream().map(OnnxNode::opType).toList();
    assertThat(ops).filteredOn("Add"::equals).hasSize(3);
    // Stem, 2 convolutions per stack and the 2 projection shortcuts: 9, each with its batch norm folded.
    assertThat(ops).filteredOn("Conv+BatchNormalization"::equals).hasSize(9);
    assertThat(ops).doesNotContain("BatchNormalization");
    assertThat(graph.nodes().stream().filter(n -> n.opType().equals("Add")).map(n -> n.shape()[0]).toList())
        .containsExactly(16, 32, 64);
    assertThat(graph.producer(graph.output()).op()).isInstanceOf(OnnxOp.Dense.class);
    assertThat(graph.classCount()).isEqualTo(10);
  }

  @Test
  void theDepthwiseCnnReadsGroupsReluSixAndItsAveragePool() {
    OnnxGraph graph = OnnxGraphReader.read(OnnxFixtures.file("dscnn"), FASHION, 10);
    List<Integer> groups = graph.nodes().stream().filter(n -> n.op() instanceof OnnxOp.Conv)
        .map(n -> ((OnnxOp.Conv) n.op()).groups()).toList();
    assertThat(groups).containsExactly(1, 16, 1, 32, 1);
    assertThat(graph.nodes().stream().filter(n -> n.op() instanceof OnnxOp.Relu6)).hasSize(5);
    OnnxNode pool = graph.nodes().stream().filter(n -> n.op() instanceof OnnxOp.AveragePool).findFirst().orElseThrow();
    assertThat(pool.shape()).containsExactly(64, 1, 1);
  }

  /** The reader's typed graph, run with DJL's operators, gives ONNX Runtime's logits on the validation split. */
  @ParameterizedTest
  @ValueSource(strings = {"mlp", "lenet5", "resnet8", "dscnn"})
  void theTypedGraphComputesWhatOnnxRuntimeComputes(String name) throws Exception {
    ImageDataset validation = ParquetImageDatasets.read(TestData.mini().validation());
    byte[] bytes = Files.readAllBytes(OnnxFixtures.file(name));
    OnnxGraph graph = OnnxGraphReader.read(bytes, name, FASHION, 10);
    float[] ours = TypedGraphForward.logits(graph, validation);
    float[] runtime = OnnxRuntimeScores.logits(bytes, graph, validation, 500);
    assertThat(OnnxImport.maxDifference(ours, runtime)).isLessThan(1e-4);
  }

  @Test
  void anInputThatDoesNotMatchTheDataIsNamed() {
    assertThatThrownBy(() -> OnnxGraphReader.read(OnnxFixtures.file("lenet5"), new ImageShape(3, 32, 32), 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lenet5.onnx: input 'images'").hasMessageContaining("[batch, 1, 28, 28]")
        .hasMessageContaining("3x32x32");
    assertThatThrownBy(() -> OnnxGraphReader.read(OnnxFixtures.file("lenet5"), FASHION, 5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("graph.output").hasMessageContaining("[batch, 10]").hasMessageContaining("5 classes");
  }

  @Test
  void anUnsupportedOpIsRefusedNamingTheNodeItsTypeAndTheSupportedOps() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("mlp")));
    ModelProto.Builder b = model.toBuilder();
    b.getGraphBuilder().addNode(NodeProto.newBuilder().setName("probabilities").setOpType("Softmax")
        .addInput(model.getGraph().getOutput(0).getName()).addOutput("probs"));
    b.getGraphBuilder().setOutput(0, ValueInfoProto.newBuilder(model.getGraph().getOutput(0)).setName("probs"));
    assertThatThrownBy(() -> OnnxGraphReader.read(b.build().toByteArray(), "softmax.onnx", FASHION, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("softmax.onnx: node 'probabilities' (Softmax): is not supported; import-onnx reads " + OnnxGraphReader.SUPPORTED);
  }

  @Test
  void aReshapeToAShapeComputedFromActivationsIsADynamicShapeAndRefused() throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("lenet5")));
    ModelProto.Builder b = model.toBuilder();
    for (NodeProto.Builder node : b.getGraphBuilder().getNodeBuilderList()) {
      if (node.getOpType().equals("Reshape")) {
        node.setInput(1, "/Relu_1_output_0");
      }
    }
    assertThatThrownBy(() -> OnnxGraphReader.read(b.build().toByteArray(), "dynamic.onnx", FASHION, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("node '/Reshape' (Reshape)").hasMessageContaining("dynamic shape");
  }

  @Test
  void anOpsetOutsideThirteenToSeventeenAndANonOnnxFileAreNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("mlp")));
    ModelProto.Builder b = model.toBuilder();
    b.setOpsetImport(0, b.getOpsetImport(0).toBuilder().setVersion(11));
    assertThatThrownBy(() -> OnnxGraphReader.read(b.build().toByteArray(), "old.onnx", FASHION, 10))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("opset 11").hasMessageContaining("13 to 17");
    Path text = dir.resolve("model.onnx");
    Files.writeString(text, "not a model at all");
    assertThatThrownBy(() -> OnnxGraphReader.read(text, FASHION, 10))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("model.onnx").hasMessageContaining("not an ONNX model");
  }
}
