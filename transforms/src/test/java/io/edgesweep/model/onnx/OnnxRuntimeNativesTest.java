package io.edgesweep.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeNativesTest {
  @TempDir Path base;

  @Test
  void keepsOneByteExactCopyOfTheJarsLibrariesAndReusesIt() throws Exception {
    List<OnnxRuntimeNatives.Library> libraries = OnnxRuntimeNatives.libraries();
    assertThat(libraries).extracting(OnnxRuntimeNatives.Library::name).containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so");

    Path kept = OnnxRuntimeNatives.keptCopy(base);
    assertThat(kept.getParent()).isEqualTo(base);
    for (OnnxRuntimeNatives.Library l : libraries) {
      try (InputStream in = l.resource().openStream()) {
        assertThat(Files.readAllBytes(kept.resolve(l.name()))).isEqualTo(in.readAllBytes());
      }
    }
    FileTime made = Files.getLastModifiedTime(kept.resolve("libonnxruntime4j_jni.so"));
    Files.setLastModifiedTime(kept.resolve("libonnxruntime4j_jni.so"), FileTime.fromMillis(made.toMillis() - 60_000));
    assertThat(OnnxRuntimeNatives.keptCopy(base)).isEqualTo(kept);
    assertThat(Files.getLastModifiedTime(kept.resolve("libonnxruntime4j_jni.so")).toMillis()).isEqualTo(made.toMillis() - 60_000);
    try (var entries = Files.list(base)) {
      assertThat(entries.toList()).containsExactly(kept); // no folder left from making it
    }
  }

  @Test
  void aDamagedOrPartialCopyIsNeverUsedButReplacedWhole() throws Exception {
    List<OnnxRuntimeNatives.Library> libraries = OnnxRuntimeNatives.libraries();
    Path kept = OnnxRuntimeNatives.keptCopy(base);
    Path jni = kept.resolve("libonnxruntime4j_jni.so");
    byte[] bytes = Files.readAllBytes(jni);
    bytes[bytes.length / 2] ^= 1; // same size, one bit off
    Files.write(jni, bytes);
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isFalse();
    assertThat(OnnxRuntimeNatives.keptCopy(base)).isEqualTo(kept);
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isTrue();

    Files.delete(kept.resolve("libonnxruntime.so"));
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isFalse();
    assertThat(OnnxRuntimeNatives.keptCopy(base)).isEqualTo(kept);
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isTrue();
  }

  @Test
  void aCopyOthersMayWriteIsNotUsedButMadeAgainPrivately() throws Exception {
    List<OnnxRuntimeNatives.Library> libraries = OnnxRuntimeNatives.libraries();
    Path kept = OnnxRuntimeNatives.keptCopy(base);
    Path library = kept.resolve("libonnxruntime.so");
    Files.setPosixFilePermissions(library, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isFalse();
    assertThat(OnnxRuntimeNatives.keptCopy(base)).isEqualTo(kept);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(library))).isEqualTo("rw-r--r--");
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isTrue();

    Files.delete(library);
    Files.createSymbolicLink(library, base.resolve("elsewhere.so"));
    assertThat(OnnxRuntimeNatives.intact(kept, libraries)).isFalse();
  }

  @Test
  void aFolderLeftHalfMadeByThisProcessIdIsMadeAgain() throws Exception {
    Path kept = OnnxRuntimeNatives.keptCopy(base);
    String leftover = kept.getFileName() + ".making-" + ProcessHandle.current().pid();
    io.edgesweep.data.AtomicFiles.deleteRecursively(kept);
    Files.createDirectories(base.resolve(leftover));
    Files.write(base.resolve(leftover).resolve("libonnxruntime.so"), new byte[] {1, 2, 3});
    assertThat(OnnxRuntimeNatives.keptCopy(base)).isEqualTo(kept);
    assertThat(OnnxRuntimeNatives.intact(kept, OnnxRuntimeNatives.libraries())).isTrue();
    assertThat(base.resolve(leftover)).doesNotExist();
  }
}
