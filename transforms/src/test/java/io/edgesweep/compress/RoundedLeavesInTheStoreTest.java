package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.CorruptEntryException;
import io.edgesweep.transforms.StoredModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quantized leaf is stored as its manifest and its float parent's address, and read back by
 * rounding the parent again: byte for byte the model the stage made, or quarantined.
 */
class RoundedLeavesInTheStoreTest {
  @TempDir Path dir;

  private static ModelArtifact floatModel(long seed) {
    Architecture arch = Architecture.parse("mlp:784-32-10");
    return ModelArtifact.create(arch, Initialization.pytorchDefault(arch, seed), null, null, MiniData.calibration().shape(),
        MiniData.calibration().classNames(), List.of(new LineageEntry.Other(Map.of("stage", "made-by-this-test", "seed", seed))), "test", Map.of(), Map.of());
  }

  @Test
  void everyWeightFormatIsStoredAsARecipeAndReadsBackToTheSameBytes() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    StoredModels models = new StoredModels(store);
    ModelArtifact parent = floatModel(1);
    store.put("prune", "p", models.files(parent, "distill", "d", null));
    for (String bits : List.of("2", "3", "5", "8", "12", "16", "fp16")) {
      for (Granularity granularity : Granularity.values()) {
        for (QuantizationScheme scheme : QuantizationScheme.values()) {
          for (boolean integerActivations : List.of(false, true)) {
            ActivationSettings activations = bits.equals("fp16") ? (integerActivations ? ActivationSettings.fp16() : ActivationSettings.off())
                : (integerActivations ? ActivationSettings.int8() : ActivationSettings.off());
            QuantizationSettings settings = new QuantizationSettings(WeightPrecision.parse(bits, "test"), granularity, scheme, activations);
            ModelArtifact leaf = Quantization.apply(parent, settings, MiniData.calibration(), "cmd");
            String key = bits + "-" + granularity.id() + "-" + scheme.id() + "-" + integerActivations;
            Map<String, byte[]> files = models.files(leaf, "prune", "p", parent);
            assertThat(files).as(key).containsOnlyKeys(ModelArtifact.MANIFEST, StoredModels.ROUNDED);
            store.put("quantize", key, files);
            ModelArtifact back = models.read("quantize", key);
            assertThat(back.parametersSha256()).as(key).isEqualTo(leaf.parametersSha256());
            assertThat(ModelArtifact.sha256(back.files().get(ModelArtifact.PARAMETERS))).as(key).isEqualTo(leaf.parametersSha256());
            assertThat(back.parameters()).as(key).isEqualTo(leaf.parameters());
            assertThat(back.files().get(ModelArtifact.MANIFEST)).as(key).isEqualTo(leaf.files().get(ModelArtifact.MANIFEST));
          }
        }
      }
    }
    // A model not made by rounding a stored parent (a trained one) is stored whole.
    assertThat(models.files(parent, "distill", "d", null)).containsOnlyKeys(ModelArtifact.MANIFEST, ModelArtifact.PARAMETERS);
    // A stored leaf takes a few kilobytes whatever its width: the manifest and an address.
    try (var entries = Files.list(dir.resolve("quantize"))) {
      for (Path entry : entries.toList()) {
        assertThat(Files.size(entry.resolve(ArtifactStore.COMPLETE))).as(entry.toString()).isLessThan(6_000);
      }
    }
  }

  @Test
  void aLeafThatNoLongerRebuildsIsQuarantinedNotTrusted() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    StoredModels models = new StoredModels(store);
    ModelArtifact parent = floatModel(2);
    store.put("prune", "p2", models.files(parent, "distill", "d", null));
    ModelArtifact leaf = Quantization.apply(parent, QuantizationSettings.weightsOnly(4), null, "cmd");
    store.put("quantize", "q", models.files(leaf, "prune", "p2", parent));
    // The parent entry replaced by another model under the same address (what a changed float
    // model or changed rounding code would amount to).
    store.put("prune", "p2", models.files(floatModel(3), "distill", "d", null));
    // Parents are cached per worker; a fresh address shows what a new worker would read.
    store.put("prune", "p3", models.files(floatModel(3), "distill", "d", null));
    store.put("quantize", "q3", Map.of(ModelArtifact.MANIFEST, leaf.files().get(ModelArtifact.MANIFEST),
        StoredModels.ROUNDED, "{\"kind\":\"prune\",\"key\":\"p3\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> models.read("quantize", "q3")).isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("rounded again from prune/p3, are not the ones its manifest records")
        .hasMessageContaining("moved to " + dir.resolve(ArtifactStore.QUARANTINE));
    assertThat(store.contains("quantize", "q3")).isFalse();
  }

  @Test
  void aLeafWhoseRoundingDoesNotRebuildItIsStoredWhole() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    ModelArtifact parent = floatModel(4);
    ModelArtifact leaf = Quantization.apply(parent, QuantizationSettings.weightsOnly(6), null, "cmd");
    // Offered the wrong parent, the store keeps the leaf's codes rather than a recipe that would not rebuild it.
    assertThat(new StoredModels(store).files(leaf, "prune", "other", floatModel(5)))
        .containsOnlyKeys(ModelArtifact.MANIFEST, ModelArtifact.PARAMETER_CODES);
  }
}
