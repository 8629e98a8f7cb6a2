package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  @TempDir Path dir;

  @Test
  void anEntryReadsBackAsWrittenAndIsListed() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    Map<String, byte[]> files = Map.of("a.json", "{}".getBytes(StandardCharsets.UTF_8), "b.bin", new byte[] {1, 2, 3});
    assertThat(store.contains("prune", "k1")).isFalse();
    store.put("prune", "k1", files);
    assertThat(store.contains("prune", "k1")).isTrue();
    Map<String, byte[]> back = store.get("prune", "k1");
    assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
    assertThat(back.get("b.bin")).containsExactly(1, 2, 3);
    assertThat(store.keys("prune")).containsExactly("k1");
    assertThat(store.keys("distill")).isEmpty();
    try (var listing = Files.list(dir.resolve("prune/k1"))) {
      // One file per entry: the files live inside the marker, so a small entry takes one disk block.
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("_COMPLETE");
    }
  }

  @Test
  void anEntryWithoutItsMarkerDoesNotCount() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    Files.createDirectories(dir.resolve("distill/half"));
    Files.write(dir.resolve("distill/half/parameters.safetensors"), new byte[10]);
    assertThat(store.contains("distill", "half")).isFalse();
    assertThat(store.keys("distill")).isEmpty();
    assertThatThrownBy(() -> store.get("distill", "half")).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void keysDependOnEverythingThatChangesTheOutputAndOnNothingElse() {
    String a = StageKey.of("parent", "prune", Map.of("ratio", 0.5, "method", "magnitude-global"));
    assertThat(StageKey.of("parent", "prune", Map.of("method", "magnitude-global", "ratio", 0.5))).isEqualTo(a);
    assertThat(StageKey.of("parent", "prune", Map.of("ratio", 0.8, "method", "magnitude-global"))).isNotEqualTo(a);
    assertThat(StageKey.of("other", "prune", Map.of("ratio", 0.5, "method", "magnitude-global"))).isNotEqualTo(a);
    assertThat(StageKey.of("parent", "distill", Map.of("ratio", 0.5, "method", "magnitude-global"))).isNotEqualTo(a);
    assertThat(a).hasSize(64);
  }
}
