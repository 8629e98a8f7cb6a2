package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store and the run folders can never be the same folder or inside one another. */
class OutputLocationsTest {
  @TempDir Path dir;

  private String runs() {
    return dir.resolve("runs").toString();
  }

  @Test
  void theDefaultStoreSitsBesideTheRunFolder() {
    OutputLocations l = OutputLocations.of("s.yaml", "demo", runs(), null);
    assertThat(l.runFolder()).isEqualTo(dir.resolve("runs/demo"));
    assertThat(l.localStore()).isEqualTo(dir.resolve("runs/artifacts"));
  }

  @Test
  void aSpecNamedLikeTheDefaultStoreIsRefused() {
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "artifacts", runs(), null))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("s.yaml: name: 'artifacts' is reserved");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "Artifacts", runs(), null)).hasMessageContaining("reserved");
  }

  @Test
  void hiddenNamesAreRefused() {
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", ".demo", runs(), null)).hasMessageContaining("starts with '.'");
  }

  @Test
  void aStoreThatIsOrIsInsideTheRunFolderIsRefused() {
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), runs() + "/demo"))
        .hasMessageStartingWith("--artifact-root: ").hasMessageContaining("is the run folder");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), runs() + "/demo/store"))
        .hasMessageContaining("inside the run folder");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), "file://" + runs() + "/demo/x"))
        .hasMessageContaining("inside the run folder");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), runs() + "/./demo/../demo"))
        .hasMessageContaining("is the run folder");
  }

  @Test
  void aStoreThatHoldsTheRunFoldersIsRefused() {
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), runs())).hasMessageContaining("inside the store");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), dir.toString())).hasMessageContaining("inside the store");
  }

  @Test
  void aStoreReachedThroughASymbolicLinkIsSeenForWhatItIs() throws Exception {
    Files.createDirectories(dir.resolve("runs/.demo.v1"));
    Files.createSymbolicLink(dir.resolve("runs/demo"), Path.of(".demo.v1"));
    Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("runs/demo"));
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), dir.resolve("alias/store").toString()))
        .hasMessageContaining("is inside the run folder");
  }

  @Test
  void aStoreInsideAnOlderHiddenVersionIsRefused() throws Exception {
    Files.createDirectories(dir.resolve("runs/.demo.v1"));
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", runs(), runs() + "/.demo.v1/store"))
        .hasMessageContaining("hidden versions of run folder 'demo'");
  }

  @Test
  void anOutThatIsAFileIsRefused() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> OutputLocations.of("s.yaml", "demo", dir.resolve("file").toString(), null))
        .hasMessageStartingWith("--out: ").hasMessageContaining("is a file");
  }

  @Test
  void otherSchemesCannotOverlapALocalFolder() {
    OutputLocations l = OutputLocations.of("s.yaml", "demo", runs(), "hdfs://namenode/edgesweep/store");
    assertThat(l.localStore()).isNull();
    assertThat(OutputLocations.of("s.yaml", "demo", runs(), runs() + "/shared-store").localStore()).isEqualTo(dir.resolve("runs/shared-store"));
  }
}
