package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptModelTest {
  static final Path FIXTURE = Path.of("src/test/resources/torchscript/mlp-784-64-10.pt");
  static final Path EXPECTED = Path.of("src/test/resources/torchscript/mlp-784-64-10.expected.json");

  @Test
  void djlRunsTheModuleAsPyTorchDid() throws Exception {
    JsonNode expected = new ObjectMapper().readTree(EXPECTED.toFile()).get("logits");
    try (Classifier c = Classifier.open(TorchScriptImport.ARCHITECTURE, null, null, Files.readAllBytes(FIXTURE));
        NDManager manager = NDManager.newBaseManager()) {
      float[] logits = c.logits(manager, probe(manager)).toFloatArray();
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 10; k++) {
          assertThat((double) logits[i * 10 + k]).isCloseTo(expected.get(i).get(k).asDouble(), within(1e-4));
        }
      }
    }
  }

  @Test
  void parametersAreNamedAsInPyTorchAndWritableInPlace() throws Exception {
    byte[] module = Files.readAllBytes(FIXTURE);
    ParameterSet original = Classifier.torchScriptParameters(TorchScriptImport.ARCHITECTURE, module);
    assertThat(original.names()).containsExactly("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
    assertThat(original.get("fc1.weight").shape()).containsExactly(64, 784);
    // With fc2's weights zeroed, every example's scores are exactly fc2's bias.
    ParameterSet edited = original.with("fc2.weight", Tensor.zeros(10, 64));
    try (Classifier c = Classifier.open(TorchScriptImport.ARCHITECTURE, edited, null, module);
        NDManager manager = NDManager.newBaseManager()) {
      float[] logits = c.logits(manager, probe(manager)).toFloatArray();
      float[] bias = original.get("fc2.bias").values();
      assertThat(Arrays.copyOfRange(logits, 0, 10)).containsExactly(bias);
      assertThat(Arrays.copyOfRange(logits, 10, 20)).containsExactly(bias);
      assertThat(c.parameters()).isEqualTo(edited);
    }
  }

  @Test
  void importedModelRoundTripsAndScoresOnRealData(@TempDir Path dir) {
    TorchScriptImport.Result result = TorchScriptImport.importModel(FIXTURE, TestData.mini(), "test");
    // One epoch of an MLP on Fashion-MNIST scores far above chance (10%).
    assertThat(result.testAccuracy()).isGreaterThan(0.75);
    Path folder = dir.resolve("imported");
    try {
      result.artifact().writeTo(folder);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    ModelArtifact reloaded = ModelArtifact.read(folder);
    assertThat(reloaded.architecture().isTorchScript()).isTrue();
    assertThat(reloaded.parameters()).isEqualTo(result.artifact().parameters());
  }

  @Test
  void aFileThatIsNotTorchScriptIsNamed(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("bogus.pt");
    Files.writeString(bogus, "not a model");
    assertThatThrownBy(() -> TorchScriptImport.importModel(bogus, TestData.mini(), "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("TorchScript");
  }

  static NDArray probe(NDManager manager) {
    float[] values = new float[2 * 784];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 256) / 255f;
    }
    return manager.create(values, new Shape(2, 1, 28, 28));
  }
}
