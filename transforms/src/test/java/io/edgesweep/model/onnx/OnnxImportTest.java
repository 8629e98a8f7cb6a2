package io.edgesweep.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.GraphSpec;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxImportTest {
  @TempDir Path dir;

  /**
   * The oracle: ONNX Runtime's logits of the same file on the validation split, against those of
   * the imported artifact as written to a folder, read back and run in DJL.
   */
  @ParameterizedTest
  @CsvSource({
    "mlp, mlp:784-128-64-10, 0.8, 13",
    "lenet5, cnn:1x28x28:c6k5p2-m2-c16k5-m2-f120-f84-f10, 0.8, 17",
    "resnet8, resnet8, 0.75, 15",
    "dscnn, dscnn, 0.7, 14"
  })
  void anImportedModelGivesOnnxRuntimesLogitsAndPredictions(String name, String spec, double floor, String opset) throws Exception {
    Path file = OnnxFixtures.file(name);
    OnnxImport.Result result = OnnxImport.importModel(file, TestData.mini(), "test");
    result.artifact().writeTo(dir.resolve("model"));
    ModelArtifact artifact = ModelArtifact.read(dir.resolve("model"));
    assertThat(artifact.architecture()).isEqualTo(Architecture.parse(GraphSpec.NAMED.getOrDefault(spec, spec)));

    ImageDataset validation = ParquetImageDatasets.read(TestData.mini().validation());
    byte[] bytes = Files.readAllBytes(file);
    OnnxGraph graph = OnnxGraphReader.read(bytes, file.toString(), validation.shape(), validation.classCount());
    float[] runtime = OnnxRuntimeScores.logits(bytes, graph, validation, 128);
    Predictions imported;
    try (Classifier classifier = artifact.open()) {
      imported = Predictions.of(classifier, new InMemoryBatches(validation), 256);
    }
    assertThat(OnnxImport.maxDifference(imported.logits(), runtime)).isLessThanOrEqualTo(1e-4);
    Predictions reference = new Predictions(runtime, imported.labels(), imported.classes());
    for (int i = 0; i < validation.size(); i++) {
      assertThat(imported.predicted(i)).as("example %d", i).isEqualTo(reference.predicted(i));
    }
    // The script's models reach 0.818, 0.847, 0.788 and 0.748 on this split in PyTorch.
    assertThat(result.validationAccuracy()).isEqualTo(imported.accuracy()).isGreaterThan(floor);
    assertThat(result.maxLogitDifference()).isLessThanOrEqualTo(OnnxImport.TOLERANCE);

    assertThat(artifact.manifest().lineage().get(0))
        .isEqualTo(new LineageEntry.Import(OnnxFixtures.file(name).toAbsolutePath().toString(), ModelArtifact.sha256(bytes)));
    assertThat(artifact.manifest().provenance()).containsEntry("source_format", "onnx")
        .containsEntry("onnx_opset", opset).containsEntry("onnx_producer", "pytorch 1.13.0");
    assertThat(artifact.manifest().inputShape()).isEqualTo("1x28x28");
    assertThat(artifact.manifest().classNames()).isEqualTo(validation.classNames());
  }

  @Test
  void residualAndDepthwiseModelsBecomeGraphsOfTheShippedShapes() {
    // The shipped names spell out the fixtures' layers (MLPerf Tiny's ResNet-8 stacks, a MobileNet-style
    // CNN), so an imported ResNet-8 has the same spec, layer for layer, as graph a user would name.
    OnnxGraph resnet = OnnxFixtures.graph("resnet8");
    assertThat(OnnxImport.translate(resnet).architecture().spec()).isEqualTo(GraphSpec.NAMED.get("resnet8"));
    OnnxGraph dscnn = OnnxFixtures.graph("dscnn");
    assertThat(OnnxImport.translate(dscnn).architecture().spec()).isEqualTo(GraphSpec.NAMED.get("dscnn"));
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> OnnxImport.importModel(dir.resolve("none.onnx"), TestData.mini(), "test"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("none.onnx: no such ONNX file");
  }
}
