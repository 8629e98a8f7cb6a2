package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up mid-write leaves no temporary file and no entry anyone would trust. */
class FullDiskStoreTest {
  @TempDir Path dir;
  private ArtifactStore store;

  @BeforeEach
  void register() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    store = new ArtifactStore(FullDiskFileSystem.SCHEME + "://" + dir);
  }

  @AfterEach
  void freeTheDisk() {
    FullDiskFileSystem.FREE.set(Long.MAX_VALUE);
  }

  private static Map<String, byte[]> model() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", new byte[300]);
    files.put("parameters.safetensors", new byte[5000]);
    return files;
  }

  private long leftovers() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().contains(ArtifactStore.TEMPORARY)).count();
    }
  }

  @Test
  void aWriteThatFillsTheDiskNamesTheFileAndLeavesNoTemporary() throws Exception {
    FullDiskFileSystem.FREE.set(1000); // the entry's one file (the files, their list and hash) does not fit
    assertThatThrownBy(() -> store.put("distill", "k", model()))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining(dir + "/distill/k/_COMPLETE")
        .hasMessageContaining("no space left on the device");
    assertThat(leftovers()).isZero();
    assertThat(dir.resolve("distill/k/_COMPLETE")).doesNotExist();
    assertThat(store.contains("distill", "k")).isFalse();
    StoreInspection inspection = StoreInspection.of(store);
    assertThat(inspection.intact()).isEmpty();
    assertThat(inspection.hasCorruption()).isFalse();
  }

  @Test
  void anEntryThatDidNotFitIsWrittenOnceThereIsSpace() throws Exception {
    FullDiskFileSystem.FREE.set(5300 + 20); // both files fit, their list and hash do not
    assertThatThrownBy(() -> store.put("distill", "k", model())).hasMessageContaining("_COMPLETE");
    assertThat(leftovers()).isZero();
    assertThat(store.contains("distill", "k")).isFalse();
    FullDiskFileSystem.FREE.set(Long.MAX_VALUE);
    store.put("distill", "k", model());
    assertThat(store.contains("distill", "k")).isTrue();
    assertThat(store.get("distill", "k").get("parameters.safetensors")).hasSize(5000);
  }

  @Test
  void preparingAStoreOnAFullDiskFailsBeforeAnyJob() {
    FullDiskFileSystem.FREE.set(0);
    assertThatThrownBy(() -> store.prepare())
        .hasMessageContaining("the artifact store cannot be written here (no space left on the device");
  }
}
