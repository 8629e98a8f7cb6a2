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

  /** The entry's one file: its list of files, the files, and the hash of both. */
  private Path file() {
    return dir.resolve("evaluation/k1/_COMPLETE");
  }

  /** Where evaluation.json starts in the entry's file: after the list's line. */
  private int body() throws Exception {
    byte[] bytes = Files.readAllBytes(file());
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    throw new AssertionError("no list line");
  }

  /** Replaces text in a file byte for byte (the entry's file is JSON, then binary). */
  private static void edit(Path file, String from, String to) throws Exception {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertThat(text).contains(from);
    Files.write(file, text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An entry as releases before one-file entries wrote it: the files beside a marker listing them. */
  private void putAsBefore(String kind, String key, Map<String, byte[]> files) throws Exception {
    Path folder = dir.resolve(kind).resolve(key);
    Files.createDirectories(folder);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(folder.resolve(f.getKey()), f.getValue());
    }
    Files.write(folder.resolve(ArtifactStore.COMPLETE), StoreEntryMarker.describe(kind, key, files).encode());
  }

  private long quarantined() throws Exception {
    Path q = dir.resolve(ArtifactStore.QUARANTINE);
    if (!Files.isDirectory(q)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(q)) {
      return walk.filter(p -> p.getFileName().toString().equals(ArtifactStore.COMPLETE)).count();
    }
  }

  @Test
  void anEditedFileIsQuarantinedAndReportedMissing() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    edit(file(), "\"correct\": 897", "\"correct\": 999");
    assertThat(store.contains("evaluation", "k1")).isFalse();
    assertThat(dir.resolve("evaluation/k1")).doesNotExist();
    assertThat(quarantined()).isEqualTo(1);
    assertThat(store.entries()).isEmpty();
  }

  @Test
  void aTruncatedFileIsFoundByItsSize() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    byte[] bytes = Files.readAllBytes(file());
    // The last 64 bytes are the hash; 10 more cut off evaluation.json's end.
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length - 64 - 10));
    assertThatThrownBy(() -> store.check("evaluation", "k1")).isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("evaluation.json has 24 bytes, 34 were written (truncated");
    Files.write(file(), bytes);
    store.check("evaluation", "k1");
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length + 1));
    assertThatThrownBy(() -> store.check("evaluation", "k1")).hasMessageContaining("_COMPLETE has " + (bytes.length + 1) + " bytes, "
        + bytes.length + " were written (truncated or appended to)");
  }

  @Test
  void aChangedListOfFilesIsFoundByTheHashOfTheWhole() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    // Still valid JSON, and the renamed file's own hash still matches: only the last hash can tell.
    edit(file(), "\"evaluation.json\"", "\"evaluatioN.json\"");
    assertThatThrownBy(() -> store.check("evaluation", "k1")).isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("_COMPLETE does not match the SHA-256 recorded when it was written");
  }

  @Test
  void anEntryCopiedUnderAnotherKeyIsNotTrusted() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    Files.createDirectories(dir.resolve("evaluation/k9"));
    Files.copy(file(), dir.resolve("evaluation/k9/_COMPLETE"));
    assertThatThrownBy(() -> store.check("evaluation", "k9")).hasMessageContaining("belongs to evaluation/k1");
  }

  @Test
  void entriesWrittenBeforeOneFileEntriesAreStillReadAndChecked() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.toString());
    putAsBefore("distill", "old", Map.of("manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "m", new byte[] {1, 2, 3}));
    assertThat(store.contains("distill", "old")).isTrue();
    assertThat(store.get("distill", "old").get("m")).containsExactly(1, 2, 3);
    assertThat(store.keys("distill")).containsExactly("old");
    assertThat(StoreInspection.of(store).intact()).containsExactly("distill/old");
    Files.write(dir.resolve("distill/old/m"), new byte[] {1, 2, 4});
    assertThatThrownBy(() -> store.get("distill", "old")).hasMessageContaining("m does not match the SHA-256");
    assertThat(quarantined()).isEqualTo(1);
  }

  @Test
  void aBitFlipIsFoundByTheHash() throws Exception {
    ArtifactStore store = storeWithOneEntry();
    byte[] bytes = Files.readAllBytes(file());
    bytes[body() + 3] ^= 1;
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
    Files.write(marker, java.util.Arrays.copyOf(Files.readAllBytes(marker), 20));
    assertThatThrownBy(() -> store.check("evaluation", "k1")).hasMessageContaining("_COMPLETE is not valid JSON");

    putAsBefore("evaluation", "k2", Map.of("a", new byte[] {1}));
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
    byte[] bad = Files.readAllBytes(dir.resolve("distill/bad/_COMPLETE"));
    bad[bad.length - 64 - 1] = 5;
    Files.write(dir.resolve("distill/bad/_COMPLETE"), bad);
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
    assertThat(later.bytes()).isEqualTo(7 + 9 + Files.size(dir.resolve("distill/unused/_COMPLETE")) + Files.size(dir.resolve("distill/bad/_COMPLETE")));
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
