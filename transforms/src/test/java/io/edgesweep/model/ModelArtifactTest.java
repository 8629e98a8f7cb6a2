package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {
  static ImageDataset validation;

  @BeforeAll
  static void load() {
    validation = ParquetImageDatasets.read(TestData.mini().validation());
  }

  @Test
  void savedAndLoadedModelGivesTheSameLogitsBitForBit(@TempDir Path dir) throws Exception {
    for (String spec : List.of("mlp:784-64-10", "lenet5")) {
      Architecture arch = Architecture.parse(spec);
      ModelArtifact artifact = artifact(arch, 7);
      Path folder = dir.resolve(spec.replace(':', '_'));
      artifact.writeTo(folder);
      ModelArtifact reloaded = ModelArtifact.read(folder);
      assertThat(reloaded.parametersSha256()).isEqualTo(artifact.parametersSha256());
      float[] before;
      float[] after;
      try (Classifier c = artifact.open()) {
        before = Predictions.of(c, new InMemoryBatches(validation), 256).logits();
      }
      try (Classifier c = reloaded.open()) {
        after = Predictions.of(c, new InMemoryBatches(validation), 256).logits();
      }
      assertThat(after).containsExactly(before);
      assertThat(reloaded.parameters()).isEqualTo(artifact.parameters());
    }
  }

  @Test
  void parametersReadBackFromTheEngineAreTheOnesWrittenIn() {
    Architecture arch = Architecture.parse("cnn:1x28x28:c4k3-m2-f10");
    ParameterSet values = Initialization.pytorchDefault(arch, 3);
    try (Classifier c = Classifier.open(arch, values, null, null)) {
      assertThat(c.parameters()).isEqualTo(values);
    }
  }

  @Test
  void editedParametersAreRejectedByTheirHash(@TempDir Path dir) throws Exception {
    ModelArtifact artifact = artifact(Architecture.parse("mlp:784-16-10"), 1);
    artifact.writeTo(dir.resolve("m"));
    Path parameters = dir.resolve("m").resolve(ModelArtifact.PARAMETERS);
    byte[] bytes = Files.readAllBytes(parameters);
    bytes[bytes.length - 1] ^= 1;
    Files.write(parameters, bytes);
    assertThatThrownBy(() -> ModelArtifact.read(dir.resolve("m")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameters.safetensors")
        .hasMessageContaining("does not match");
  }

  @Test
  void aFolderWithoutManifestIsNamed(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelArtifact.read(dir.resolve("empty")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty")
        .hasMessageContaining("manifest.json");
  }

  @Test
  void safetensorsRoundTripKeepsOrderShapesAndValues() {
    ParameterSet p = Initialization.pytorchDefault(Architecture.parse("lenet5"), 11);
    byte[] bytes = SafetensorsFormat.encode(p, Map.of("k", "v"));
    SafetensorsFormat.Decoded decoded = SafetensorsFormat.decode(bytes, "test");
    assertThat(decoded.parameters()).isEqualTo(p);
    assertThat(List.copyOf(decoded.parameters().names())).containsExactlyElementsOf(p.names());
    assertThat(decoded.metadata()).containsEntry("k", "v");
    assertThat(SafetensorsFormat.encode(decoded.parameters(), Map.of("k", "v"))).isEqualTo(bytes);
  }

  static ModelArtifact artifact(Architecture arch, long seed) {
    return ModelArtifact.create(arch, Initialization.pytorchDefault(arch, seed), null, null,
        validation.shape(), validation.classNames(), List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "init"))), "test", Map.of(), Map.of());
  }
}
