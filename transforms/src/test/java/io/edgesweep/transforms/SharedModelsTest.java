package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent many tasks read is read and checked once per worker, and tasks share that one
 * instance; what would show a task writing into it.
 */
class SharedModelsTest {
  @TempDir Path dir;

  @Test
  void aSharedModelIsReadOnceAndTheSameInstanceServesEveryTask() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.resolve("store").toString());
    StoredModels models = new StoredModels(store);
    ModelArtifact parent = floatModel(11);
    store.put("prune", "p", models.files(parent, "distill", "d", null));

    ModelArtifact first = models.shared("prune", "p");
    assertThat(first.parameters()).isEqualTo(parent.parameters());
    // The entry gone from disk: the worker still has it, so the store is not read again.
    deleteRecursively(dir.resolve("store").resolve("prune"));
    assertThat(models.shared("prune", "p")).isSameAs(first);
    // A plain read is not cached: it goes to the store and finds nothing there now.
    assertThatThrownBy(() -> models.read("prune", "p")).isInstanceOf(java.io.FileNotFoundException.class);
  }

  @Test
  void aTaskThatWroteIntoASharedModelWouldShow() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.resolve("other-store").toString());
    StoredModels models = new StoredModels(store);
    store.put("prune", "q", models.files(floatModel(12), "distill", "d", null));
    ModelArtifact shared = models.shared("prune", "q");
    String location = store.root() + "/prune/q";
    assertThat(StoredModels.sharedModelsUnchanged()).containsEntry(location, true);

    shared.parameters().get("fc1.weight").values()[3] += 1f;
    assertThat(StoredModels.sharedModelsUnchanged()).containsEntry(location, false);
    shared.parameters().get("fc1.weight").values()[3] -= 1f;
    assertThat(StoredModels.sharedModelsUnchanged()).containsEntry(location, true);
  }

  private static ModelArtifact floatModel(long seed) {
    Architecture arch = Architecture.parse("mlp:16-8-4");
    return ModelArtifact.create(arch, Initialization.pytorchDefault(arch, seed), null, null, null, null,
        List.of(new LineageEntry.Other(Map.of("stage", "made-by-this-test", "seed", seed))), "test", Map.of(), Map.of());
  }

  private static void deleteRecursively(Path folder) throws Exception {
    try (var paths = Files.walk(folder)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
