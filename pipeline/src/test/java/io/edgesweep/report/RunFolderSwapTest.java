package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.transforms.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder is always the old run or the new one, and interrupted swaps are recovered. */
class RunFolderSwapTest {
  @TempDir Path out;

  private Path finished(String content) throws Exception {
    Path staging = RunFolderSwap.stagingFolder(out, "demo");
    Files.createDirectories(staging.resolve("models"));
    Files.writeString(staging.resolve("picks.json"), content);
    return staging;
  }

  private String picks() throws Exception {
    return Files.readString(out.resolve("demo/picks.json"));
  }

  private String[] listing() throws Exception {
    try (Stream<Path> list = Files.list(out)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toArray(String[]::new);
    }
  }

  @Test
  void eachRunIsAVersionAndTheNameIsALinkToTheNewest() throws Exception {
    Path run = out.resolve("demo");
    RunFolderSwap.publish(finished("first"), run);
    assertThat(Files.isSymbolicLink(run)).isTrue();
    assertThat(Files.readSymbolicLink(run)).isEqualTo(Path.of(".demo.v1"));
    assertThat(picks()).isEqualTo("first");
    RunFolderSwap.publish(finished("second"), run);
    assertThat(Files.readSymbolicLink(run)).isEqualTo(Path.of(".demo.v2"));
    assertThat(picks()).isEqualTo("second");
    assertThat(listing()).containsExactly(".demo.v2", "demo");
  }

  @Test
  void aRunFolderFromBeforeVersionsIsReplacedToo() throws Exception {
    Path run = out.resolve("demo");
    Files.createDirectories(run);
    Files.writeString(run.resolve("picks.json"), "legacy");
    RunFolderSwap.publish(finished("new"), run);
    assertThat(picks()).isEqualTo("new");
    assertThat(listing()).containsExactly(".demo.v2", "demo");
  }

  @Test
  void aKillAfterTheOldFolderWasMovedAsideIsRecoveredByTheNextReadOrRun() throws Exception {
    // Killed between "legacy folder -> version" and the link: no demo, one complete version.
    Files.createDirectories(out.resolve(".demo.v1"));
    Files.writeString(out.resolve(".demo.v1/picks.json"), "kept");
    RunFolderSwap.recover(out.resolve("demo"));
    assertThat(picks()).isEqualTo("kept");
    assertThat(listing()).containsExactly(".demo.v1", "demo");
  }

  @Test
  void aKillBeforeTheLinkWasSwappedInstallsTheFinishedNewerVersion() throws Exception {
    Path run = out.resolve("demo");
    RunFolderSwap.publish(finished("old"), run);
    Files.createDirectories(out.resolve(".demo.v2"));
    Files.writeString(out.resolve(".demo.v2/picks.json"), "finished but not linked");
    Files.createSymbolicLink(out.resolve(".demo.link-" + UUID.randomUUID()), Path.of(".demo.v2"));
    RunFolderSwap.recover(run);
    assertThat(picks()).isEqualTo("finished but not linked");
    assertThat(listing()).containsExactly(".demo.v2", "demo");
  }

  @Test
  void theOldFolderAnOlderEdgesweepLeftMidSwapIsRestored() throws Exception {
    Path old = out.resolve(".demo.old-" + UUID.randomUUID());
    Files.createDirectories(old);
    Files.writeString(old.resolve("picks.json"), "from before");
    RunFolderSwap.recover(out.resolve("demo"));
    assertThat(picks()).isEqualTo("from before");
    RunFolderSwap.publish(finished("next"), out.resolve("demo"));
    assertThat(picks()).isEqualTo("next");
    assertThat(listing()).containsExactly(".demo.v1", "demo");
  }

  @Test
  void stagingFoldersOfProcessesThatAreGoneAreRemovedAndLiveOnesAreKept() throws Exception {
    Path run = out.resolve("demo");
    RunFolderSwap.publish(finished("x"), run);
    String name = RunFolderSwap.stagingFolder(out, "demo").getFileName().toString();
    String host = name.substring(".demo.staging-".length(), name.indexOf('-', ".demo.staging-".length()));
    Path dead = out.resolve(".demo.staging-" + host + "-999999999-" + UUID.randomUUID());
    Files.createDirectories(dead);
    Path alive = finished("in progress");
    assertThat(RunFolderSwap.leftovers(run, Duration.ofHours(1))).containsExactly(dead);
    RunFolderSwap.publish(finished("y"), run);
    assertThat(dead).doesNotExist();
    assertThat(alive).exists();
  }

  @Test
  void aLeftoverThatHoldsAnArtifactStoreIsNeverDeleted() throws Exception {
    Path run = out.resolve("demo");
    RunFolderSwap.publish(finished("x"), run);
    Path stray = out.resolve(".demo.v0/deep/store");
    Files.createDirectories(stray);
    new ArtifactStore(stray.toString()).prepare();
    RunFolderSwap.publish(finished("y"), run);
    assertThat(stray.resolve(ArtifactStore.ROOT_MARKER)).exists();
    assertThat(picks()).isEqualTo("y");
  }
}
