package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thin job jar holds exactly the given classes, the same bytes each time. */
class JobJarTest {
  @TempDir Path dir;

  @Test
  void packsEveryFileOnceFirstFolderWinning() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a/io/edgesweep"));
    Path b = Files.createDirectories(dir.resolve("b/io/edgesweep"));
    Files.writeString(a.resolve("One.class"), "one from a");
    Files.writeString(b.resolve("One.class"), "one from b");
    Files.writeString(b.resolve("Two.class"), "two");
    Files.writeString(b.resolve("notes.txt"), "resource");

    JobJar jar = JobJar.pack(List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("job.jar"));

    assertThat(jar.classCount()).isEqualTo(2);
    try (JarFile file = new JarFile(jar.file().toFile())) {
      assertThat(file.stream().map(ZipEntry::getName))
          .containsExactly("META-INF/MANIFEST.MF", "io/edgesweep/One.class", "io/edgesweep/Two.class", "io/edgesweep/notes.txt");
      assertThat(new String(file.getInputStream(file.getEntry("io/edgesweep/One.class")).readAllBytes())).isEqualTo("one from a");
    }
  }

  @Test
  void theSameClassesGiveTheSameBytes() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes/x"));
    Files.writeString(classes.resolve("A.class"), "a");
    JobJar first = JobJar.pack(List.of(dir.resolve("classes")), dir.resolve("1.jar"));
    Thread.sleep(1100);
    Files.setLastModifiedTime(classes.resolve("A.class"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    JobJar second = JobJar.pack(List.of(dir.resolve("classes")), dir.resolve("2.jar"));
    assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
  }

  @Test
  void theProjectJarIsSmallAndHoldsOnlyEdgesweepsClasses() throws Exception {
    JobJar jar = JobJar.ofProject(ProjectBuild.locate(), dir);
    try (JarFile file = new JarFile(jar.file().toFile())) {
      assertThat(file.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")))
          .isNotEmpty()
          .allMatch(n -> n.startsWith("io/edgesweep/"))
          .contains("io/edgesweep/cluster/PyTorchCheck$ComputeLogitsFn.class", "io/edgesweep/model/Classifier.class");
    }
    assertThat(jar.sizeBytes()).isLessThan(5L * 1024 * 1024);
    jar.delete();
    assertThat(jar.file()).doesNotExist();
  }

  @Test
  void aMissingClassesFolderIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobJar.pack(List.of(dir.resolve("absent")), dir.resolve("j.jar")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("absent");
  }
}
