package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.onnx.OnnxImport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Weight and activation quantization and magnitude and structured pruning on the imported ResNet-8 graph. */
class GraphCompressionTest {
  private static ModelArtifact resnet;

  @BeforeAll
  static void importResNet8() {
    resnet = OnnxImport.importModel(
        TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/resnet8.onnx"), TestData.mini(), "test").artifact();
  }

  @Test
  void everyLayerInputAndBothInputsOfEachAddGetAQuantizer() {
    ModelArtifact quantized = Quantization.apply(resnet, QuantizationTest.W8A8, MiniData.calibration(), "cmd");
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      expected.add("conv" + i);
    }
    expected.add("fc1");
    for (int i = 1; i <= 3; i++) {
      expected.add("add" + i + ".in0");
      expected.add("add" + i + ".in1");
    }
    assertThat(quantized.manifest().activations().inputs()).containsOnlyKeys(expected);
    // The add's two inputs are calibrated apart: the residual branch and the shortcut have their own ranges.
    assertThat(quantized.manifest().activations().inputs().get("add2.in0"))
        .isNotEqualTo(quantized.manifest().activations().inputs().get("add2.in1"));
    double before = MiniData.validationAccuracy(resnet);
    double after = MiniData.validationAccuracy(quantized);
    assertThat(MiniData.validationLogits(quantized)).isNotEqualTo(MiniData.validationLogits(resnet));
    assertThat(after).as("float %.4f, w8a8 %.4f", before, after).isGreaterThan(before - 0.015);
  }

  @Test
  void magnitudeAndStructuredPruningRemoveHalfTheWeights() {
    ModelArtifact magnitude = Pruning.apply(resnet, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 0, 0.001, 64, 1),
        MiniData.train(), null, "cmd");
    long weights = WeightTensors.count(resnet.parameters(), WeightTensors.names(resnet.architecture(), resnet.parameters()));
    long left = nonZeros(magnitude);
    assertThat(left).isBetween(weights / 2 - 1, weights / 2 + 1);
    assertThat(magnitude.architecture()).isEqualTo(resnet.architecture());

    ModelArtifact structured = Pruning.apply(resnet, new PruningSettings(PruningMethod.STRUCTURED_L2, 0.5, 0, 0.001, 64, 1),
        MiniData.train(), null, "cmd");
    assertThat(structured.architecture().isGraph()).isTrue();
    long narrowed = WeightTensors.count(structured.parameters(), WeightTensors.names(structured.architecture(), structured.parameters()));
    assertThat((double) (weights - narrowed) / weights).isBetween(0.45, 0.55);
    // The residual adds and the ten class scores are still there; only inner widths changed.
    assertThat(structured.architecture().layers()).filteredOn(l -> l instanceof io.edgesweep.model.Layer.Add).hasSize(3);
    assertThat(structured.architecture().classCount()).isEqualTo(10);
  }

  @Test
  void aDepthwiseCnnStudentLearnsThroughTheGraphBlock() {
    // Two epochs on the 6,000 mini images, labels only: 51.8% measured (chance is 10%).
    ModelArtifact student = Distiller.distill(resnet, null, MiniData.train(), io.edgesweep.model.Architecture.parse("dscnn"),
        new DistillationSettings(null, 0.7, new io.edgesweep.model.TrainingSettings(2, 64, 0.002, true, 1)), "cmd");
    assertThat(student.architecture().spec()).isEqualTo("dscnn");
    assertThat(student.parameters().count()).isEqualTo(3_946);
    assertThat(MiniData.validationAccuracy(student)).isGreaterThan(0.4);
  }

  @Test
  void quantizationAwareTrainingAndCodebooksRunOnAGraph() {
    ModelArtifact dscnn = OnnxImport.importModel(
        TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/dscnn.onnx"), TestData.mini(), "test").artifact();
    QuantizationSettings w4a8 = new QuantizationSettings(WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    ModelArtifact quantized = Quantization.apply(dscnn, w4a8, MiniData.calibration(), "cmd");
    ModelArtifact trained = QuantizationAwareTraining.apply(quantized, dscnn, new QatSettings(1, 0.0005, 64, 1), MiniData.train(),
        MiniData.calibration(), null, "cmd");
    assertThat(trained.architecture()).isEqualTo(dscnn.architecture());
    assertThat(trained.parameters()).isNotEqualTo(quantized.parameters());
    assertThat(MiniData.validationAccuracy(trained)).isGreaterThan(0.5);

    ModelArtifact shared = WeightSharing.apply(dscnn,
        new CodebookSettings(3, 10, new io.edgesweep.model.TrainingSettings(1, 64, 0.0005, true, 1)), MiniData.train(), null, "cmd");
    for (String name : WeightTensors.names(shared.architecture(), shared.parameters())) {
      float[] values = shared.parameters().get(name).values();
      assertThat(java.util.stream.IntStream.range(0, values.length).mapToObj(i -> values[i]).distinct().count())
          .as(name).isLessThanOrEqualTo(8);
    }
  }

  private static long nonZeros(ModelArtifact model) {
    long n = 0;
    for (String name : WeightTensors.names(model.architecture(), model.parameters())) {
      n += model.parameters().get(name).nonZeros();
    }
    return n;
  }
}
