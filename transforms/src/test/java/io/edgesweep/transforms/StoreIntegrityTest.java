package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every entry is checked against its hashes on read; what fails is quarantined, never used. */
class StoreIntegrityTest {
  @TempDir Path dir;

  private ArtifactStore storeWithOneEntry() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    store.put("evaluation", "k1", Map.of("evaluation.json", "{\"correct\": 897, \"examples\": 1000}".getBytes(StandardCharsets.UTF_8)));
    return store;
  }

  private Path file() {
    return dir.resolve("evaluation/k1/evaluation.json");
  }

  private long quarantined() throws Exception {
    Path q = dir.resolve(ArtifactStore.QUARANTINE);
    if (!Files.isDirectory(q)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(q)) {
      return walk.filter(p -> p.getFileName().toString().equals("evaluation.json")).count();
    }
  }

  @Test
  void anEditedFileIsQuarantinedAndReportedMissing() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    Files.writeString(file(), "{\"correct\": 999, \"examples\": 1000}");
    assertThat(store.contains("evaluation", "k1")).isFalse();
    assertThat(dir.resolve("evaluation/k1")).doesNotExist();
    assertThat(quarantined()).isEqualTo(1);
    assertThat(store.entries()).isEmpty();
  }

  @Test
  void aTruncatedFileIsFoundByItsSize() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> store.check("evaluation", "k1")).isInstanceOf(CorruptEntryException.class).hasMessageContaining("truncated");
  }

  @Test
  void aBitFlipIsFoundByTheHash() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    byte[] bytes = Files.readAllBytes(file());
    bytes[3] ^= 1;
    Files.write(file(), bytes);
    assertThatThrownBy(() -> store.get("evaluation", "k1"))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("evaluation.json does not match the SHA-256")
        .hasMessageContaining("moved to " + dir + "/.quarantine/evaluation/k1-");
    assertThat(store.contains("evaluation", "k1")).isFalse();
  }

  @Test
  void aTruncatedMarkerOrAMissingFileOrAnOldMarkerIsNotTrusted() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    Path marker = dir.resolve("evaluation/k1/_COMPLETE");
    Files.writeString(marker, Files.readString(marker).substring(0, 20));
    assertThatThrownBy(() -> store.check("evaluation", "k1")).hasMessageContaining("_COMPLETE is not valid JSON");

    store.put("evaluation", "k2", Map.of("a", new byte[] {1}));
    Files.delete(dir.resolve("evaluation/k2/a"));
    assertThatThrownBy(() -> store.check("evaluation", "k2")).hasMessageContaining("a is missing");

    store.put("evaluation", "k3", Map.of("a", new byte[] {1}));
    Files.writeString(dir.resolve("evaluation/k3/_COMPLETE"), "{\"kind\":\"evaluation\",\"key\":\"k3\",\"files\":[\"a\"]}");
    assertThatThrownBy(() -> store.check("evaluation", "k3")).hasMessageContaining("older edgesweep without content hashes");
    assertThat(store.contains("evaluation", "k3")).isFalse();
  }

  @Test
  void anIntactEntryReadsBackAndARecomputedOneReplacesTheQuarantinedOne() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    assertThat(store.contains("evaluation", "k1")).isTrue();
    Files.writeString(file(), "garbage");
    assertThat(store.contains("evaluation", "k1")).isFalse();
    store.put("evaluation", "k1", Map.of("evaluation.json", "{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(store.get("evaluation", "k1").get("evaluation.json"), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void inspectionCountsEachKindOfProblemAndGcRemovesOnlyOldUnreferencedThings() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    store.put("distill", "used", Map.of("m", new byte[] {1, 2}));
    store.put("distill", "unused", Map.of("m", new byte[] {3}));
    store.put("distill", "bad", Map.of("m", new byte[] {4}));
    Files.write(dir.resolve("distill/bad/m"), new byte[] {5});
    Files.createDirectories(dir.resolve("prune/half"));
    Files.write(dir.resolve("prune/half/m"), new byte[7]);
    Files.write(dir.resolve("prune/half/.m.tmp-1234"), new byte[9]);

    StoreInspection inspection = StoreInspection.of(store);
    assertThat(inspection.intact()).containsExactlyInAnyOrder("evaluation/k1", "distill/used", "distill/unused");
    assertThat(inspection.corrupt()).containsOnlyKeys("distill/bad");
    assertThat(inspection.incomplete()).containsOnlyKeys("prune/half");
    assertThat(inspection.temporaries()).hasSize(1);
    assertThat(inspection.hasCorruption()).isTrue();
    assertThat(inspection.describe("S").get(0)).isEqualTo("artifact store S: 3 entries intact, 1 corrupt, 1 incomplete, 1 orphaned temporary files");

    Instant now = Instant.now();
    // Everything is fresh: a running sweep could be writing it, so nothing goes.
    assertThat(StoreCleanup.plan(store, inspection, Set.of("distill/used", "evaluation/k1"), Duration.ofHours(1), now).removals()).isEmpty();
    // An hour later: the unreferenced, the corrupt unreferenced, the incomplete and the temporary go.
    StoreCleanup later = StoreCleanup.plan(store, inspection, Set.of("distill/used", "evaluation/k1"), Duration.ofHours(1), now.plus(Duration.ofHours(2)));
    assertThat(later.removals().keySet()).containsExactlyInAnyOrder("distill/unused", "distill/bad", "prune/half",
        dir.resolve("prune/half/.m.tmp-1234").toString());
    assertThat(later.bytes()).isEqualTo(1 + 1 + 7 + 9 + Files.size(dir.resolve("distill/unused/_COMPLETE")) + Files.size(dir.resolve("distill/bad/_COMPLETE")));
    // Without knowing what every run uses, no complete entry counts as unreferenced.
    assertThat(StoreCleanup.plan(store, inspection, null, Duration.ofHours(1), now.plus(Duration.ofHours(2))).removals())
        .containsOnlyKeys("prune/half", dir.resolve("prune/half/.m.tmp-1234").toString());

    later.apply(store);
    StoreInspection after = StoreInspection.of(store);
    assertThat(after.intact()).containsExactlyInAnyOrder("evaluation/k1", "distill/used");
    assertThat(after.corrupt()).isEmpty();
    assertThat(after.incomplete()).isEmpty();
    assertThat(after.temporaries()).isEmpty();
    assertThat(dir.resolve("prune")).doesNotExist();
  }

  @Test
  void gcRemovesOldQuarantinedEntries() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    Files.writeString(file(), "x");
    assertThat(store.contains("evaluation", "k1")).isFalse();
    StoreInspection inspection = StoreInspection.of(store);
    StoreCleanup plan = StoreCleanup.plan(store, inspection, Set.of(), Duration.ofMinutes(1), Instant.now().plus(Duration.ofHours(1)));
    assertThat(plan.removals().keySet()).singleElement().asString().startsWith(".quarantine/evaluation/k1-");
    plan.apply(store);
    assertThat(quarantined()).isZero();
  }

  @Test
  void aStoreThatCannotBeWrittenIsNamedBeforeAnyJob() throws Exception {
    Path readOnly = dir.resolve("ro");
    Files.createDirectories(readOnly);
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> new ArtifactStore(dir.resolve("file/store").toString()).prepare())
        .hasMessageStartingWith(dir.resolve("file/store") + ": the artifact store cannot be written here");
    new ArtifactStore(readOnly.toString()).prepare();
    assertThat(readOnly.resolve(ArtifactStore.ROOT_MARKER)).exists();
    FileTime unused = Files.getLastModifiedTime(readOnly);
    assertThat(unused).isNotNull();
  }
}
