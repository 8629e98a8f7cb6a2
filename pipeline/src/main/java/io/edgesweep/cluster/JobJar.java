package io.edgesweep.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A job jar of edgesweep's own compiled classes and nothing else: what a submission stages when the
 * cluster already has every dependency (the clusters {@code edgesweep cluster start} starts).
 *
 * <p>A few hundred kilobytes instead of the 340 MB of the full class path, most of it PyTorch's
 * native library, which every TaskManager would otherwise download again for every job. Built on
 * the fly from {@code target/classes}, so it always holds the code being submitted. Entries are
 * sorted and carry a fixed time, so the same classes give the same bytes.
 */
public final class JobJar {
  private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  private final Path file;
  private final int classCount;

  private JobJar(Path file, int classCount) {
    this.file = file;
    this.classCount = classCount;
  }

  /**
   * Packs every file under {@code classesDirectories} into a new jar at {@code target}; where two
   * directories hold the same path, the first one's file is taken.
   */
  public static JobJar pack(List<Path> classesDirectories, Path target) {
    Map<String, Path> entries = new TreeMap<>();
    for (Path dir : classesDirectories) {
      if (!Files.isDirectory(dir)) {
        throw new ClusterException("cannot build the job jar: " + dir + " is not a folder of compiled classes");
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(f -> entries.putIfAbsent(dir.relativize(f).toString().replace('\\', '/'), f));
      } catch (IOException e) {
        throw new ClusterException("cannot read " + dir + " for the job jar: " + e.getMessage(), e);
      }
    }
    entries.remove("META-INF/MANIFEST.MF");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Created-By", "edgesweep (job jar of its own classes only)");
    int classes = 0;
    try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
      JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
      manifestEntry.setLastModifiedTime(FIXED_TIME);
      jar.putNextEntry(manifestEntry);
      manifest.write(jar);
      jar.closeEntry();
      for (Map.Entry<String, Path> e : entries.entrySet()) {
        JarEntry entry = new JarEntry(e.getKey());
        entry.setLastModifiedTime(FIXED_TIME);
        jar.putNextEntry(entry);
        Files.copy(e.getValue(), jar);
        jar.closeEntry();
        if (e.getKey().endsWith(".class")) {
          classes++;
        }
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // The write failed already; that is the error to report.
      }
      throw new ClusterException("cannot write the job jar " + target + ": " + e.getMessage(), e);
    }
    return new JobJar(target, classes);
  }

  /** The project's pipeline and transforms classes, packed into a new file in {@code folder}. */
  public static JobJar ofProject(ProjectBuild build, Path folder) {
    try {
      Files.createDirectories(folder);
      return pack(build.classesDirectories(), Files.createTempFile(folder, "edgesweep-job-", ".jar"));
    } catch (IOException e) {
      throw new ClusterException("cannot create the job jar in " + folder + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public int classCount() {
    return classCount;
  }

  public long sizeBytes() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ClusterException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Removes the jar; a submitted job no longer needs it, since the JobManager keeps its own copy. */
  public void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ClusterException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
