package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compression of a TorchScript module (made by src/test/resources/torchscript/make_compress_mlp.py):
 * unstructured pruning (with fine-tune) and weight quantization work on its weights, and structured
 * pruning and activation quantization say why not.
 *
 * <p>The module is an MLP 784-32-10 with the same parameter names as the built mlp:784-32-10, so
 * the check that the compressed weights are really what the TorchScript graph computes with is to
 * load them into both and compare the logits.
 */
class TorchScriptCompressionTest {
  static final Architecture BUILT = Architecture.parse("mlp:784-32-10");
  static ModelArtifact module;

  @BeforeAll
  static void load() throws IOException {
    byte[] bytes;
    try (InputStream in = TorchScriptCompressionTest.class.getResourceAsStream("/torchscript/compress-mlp-784-32-10.pt")) {
      bytes = in.readAllBytes();
    }
    Architecture arch = Architecture.parse("torchscript:compress-mlp-784-32-10.pt");
    ParameterSet parameters = Classifier.torchScriptParameters(arch, bytes);
    module = ModelArtifact.create(arch, parameters, null, bytes, MiniData.validation().shape(), MiniData.validation().classNames(),
        List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "import"))), "test", Map.of(), Map.of());
  }

  @Test
  void itsWeightTensorsAreTheLinearWeights() {
    assertThat(module.parameters().names()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    assertThat(WeightTensors.names(module.architecture(), module.parameters())).containsExactly("fc1.weight", "fc2.weight");
  }

  @Test
  void magnitudePruningZeroesItsWeightsAndTheGraphComputesWithThem() {
    ModelArtifact pruned = Pruning.apply(module, new PruningSettings(PruningMethod.MAGNITUDE_PER_LAYER, 0.7, 0, 1e-3, 128, 1),
        MiniData.train(), null, "cmd");
    assertThat(pruned.architecture()).isEqualTo(module.architecture());
    assertThat(pruned.torchScript()).isEqualTo(module.torchScript());
    assertThat(pruned.parameters().get("fc1.weight").nonZeros()).isEqualTo(Math.round(0.3 * 32 * 784));
    assertSameFunctionAsBuilt(pruned);
  }

  @Test
  void aPrunedModuleFineTunesWithItsZerosKept() {
    PruningMask mask = MagnitudePruning.global(module.parameters(), List.of("fc1.weight", "fc2.weight"), 0.8);
    ModelArtifact tuned = Pruning.apply(module, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.8, 1, 1e-3, 128, 1),
        MiniData.train(), null, "cmd");
    assertThat(mask.violations(tuned.parameters())).isZero();
    assertThat(tuned.parameters().get("fc2.bias")).isNotEqualTo(module.parameters().get("fc2.bias"));
    // The module is untrained; one epoch of fine-tune on 6,000 images must teach it something.
    ModelArtifact oneShot = Pruning.apply(module, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.8, 0, 1e-3, 128, 1),
        MiniData.train(), null, "cmd");
    assertThat(MiniData.validationAccuracy(tuned)).isGreaterThan(MiniData.validationAccuracy(oneShot) + 0.2);
    assertSameFunctionAsBuilt(tuned);
  }

  @Test
  void weightQuantizationWorksAndTheGraphComputesWithTheQuantizedWeights() {
    ModelArtifact quantized = Quantization.apply(module, QuantizationSettings.weightsOnly(4), null, "cmd");
    assertThat(quantized.parameters()).isNotEqualTo(module.parameters());
    for (int c = 0; c < 32; c++) {
      java.util.Set<Float> distinct = new java.util.HashSet<>();
      float[] row = quantized.parameters().get("fc1.weight").values();
      for (int i = c * 784; i < (c + 1) * 784; i++) {
        distinct.add(row[i]);
      }
      assertThat(distinct.size()).isLessThanOrEqualTo(16);
    }
    assertThat(quantized.parameters().get("fc1.bias")).isEqualTo(module.parameters().get("fc1.bias"));
    assertSameFunctionAsBuilt(quantized);
  }

  @Test
  void whatCannotApplyToTorchScriptSaysWhy() {
    assertThatThrownBy(() -> Pruning.apply(module, new PruningSettings(PruningMethod.STRUCTURED_L2, 0.5, 0, 1e-3, 128, 1),
        MiniData.train(), null, "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("TorchScript")
        .hasMessageContaining("magnitude-global");
    assertThatThrownBy(() -> Quantization.apply(module, new QuantizationSettings(WeightPrecision.ofBits(8), Granularity.PER_CHANNEL,
        QuantizationScheme.SYMMETRIC, ActivationSettings.int8()), MiniData.calibration(), "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("activations")
        .hasMessageContaining("weights only");
  }

  private static void assertSameFunctionAsBuilt(ModelArtifact compressed) {
    float[] fromGraph = MiniData.validationLogits(compressed);
    ModelArtifact built = ModelArtifact.create(BUILT, compressed.parameters(), null, null, MiniData.validation().shape(),
        MiniData.validation().classNames(), List.of(), "test", Map.of(), Map.of());
    float[] fromBuilt = MiniData.validationLogits(built);
    float[] original = MiniData.validationLogits(module);
    assertThat(fromGraph).isNotEqualTo(original);
    for (int i = 0; i < fromGraph.length; i++) {
      assertThat(fromGraph[i]).isCloseTo(fromBuilt[i], within(1e-5f));
    }
  }
}
