package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder writes leave the old folder or the new one, and recover the old one after a kill. */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aWriterThatFailsLeavesTheOldFolderAndNoTemporary() throws Exception {
    Path target = dir.resolve("model");
    Files.createDirectories(target);
    Files.writeString(target.resolve("a"), "old");
    assertThatThrownBy(() -> AtomicFiles.writeFolder(target, true, t -> {
      Files.writeString(t.resolve("a"), "half");
      throw new IOException("No space left on device");
    })).hasMessage("No space left on device");
    assertThat(Files.readString(target.resolve("a"))).isEqualTo("old");
    try (Stream<Path> list = Files.list(dir)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("model");
    }
  }

  @Test
  void theFolderAKilledSwapMovedAsideIsRestoredBeforeTheNextWriteOrRead() throws Exception {
    Path target = dir.resolve("model");
    Path aside = dir.resolve(".model.old-" + UUID.randomUUID());
    Files.createDirectories(aside);
    Files.writeString(aside.resolve("a"), "old");
    assertThat(AtomicFiles.restoreInterrupted(target)).isTrue();
    assertThat(Files.readString(target.resolve("a"))).isEqualTo("old");
    assertThat(aside).doesNotExist();
    assertThat(AtomicFiles.restoreInterrupted(target)).isFalse();
  }
}
