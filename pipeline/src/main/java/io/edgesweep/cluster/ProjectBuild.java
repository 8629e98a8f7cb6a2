package io.edgesweep.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built edgesweep project: its own compiled classes, and the class path of its dependencies as
 * Maven resolved it at package time ({@code pipeline/target/runtime-classpath.txt}).
 *
 * <p>Cluster processes start on the dependencies only. edgesweep's own classes reach the
 * TaskManagers in each job's {@link JobJar}, so a job always runs the code it was submitted with,
 * even on a cluster started before the last rebuild.
 */
public final class ProjectBuild {
  /** System property that {@code bin/edgesweep} sets to the repository root. */
  public static final String HOME_PROPERTY = "edgesweep.home";

  private final Path root;

  private ProjectBuild(Path root) {
    this.root = root;
  }

  /**
   * The project that this JVM runs from: {@code -Dedgesweep.home}, else the nearest folder above
   * the working directory that holds {@code flink-conf/} and {@code pipeline/}.
   */
  public static ProjectBuild locate() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return at(Path.of(home));
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("flink-conf")) && Files.isRegularFile(dir.resolve("pipeline/pom.xml"))) {
        return new ProjectBuild(dir);
      }
    }
    throw new ClusterException("cannot find the edgesweep project (a folder with flink-conf/ and pipeline/) above "
        + start + "; run bin/edgesweep from the repository or set -D" + HOME_PROPERTY);
  }

  /** The project at {@code root}. */
  public static ProjectBuild at(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute.resolve("pipeline/pom.xml"))) {
      throw new ClusterException(absolute + " is not the edgesweep repository (no pipeline/pom.xml)");
    }
    return new ProjectBuild(absolute);
  }

  public Path root() {
    return root;
  }

  /** {@code flink-conf/} of this repository: the bundled cluster's configuration. */
  public Path defaultConfDir() {
    return root.resolve("flink-conf");
  }

  /** The compiled classes of the pipeline and transforms modules: what a {@link JobJar} packs. */
  public List<Path> classesDirectories() {
    List<Path> dirs = List.of(root.resolve("pipeline/target/classes"), root.resolve("transforms/target/classes"));
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw notBuilt(dir);
      }
    }
    return dirs;
  }

  /**
   * Every jar edgesweep depends on at run time (Beam, Flink, DJL with PyTorch's native library,
   * Parquet, ...), without edgesweep's own modules.
   */
  public List<Path> dependencyClasspath() {
    List<Path> dependencies = new ArrayList<>();
    for (Path entry : runtimeClasspath()) {
      Path normalized = entry.toAbsolutePath().normalize();
      // edgesweep's modules: in this repository, or installed into a Maven repository.
      if (!normalized.startsWith(root) && !normalized.toString().contains("/io/edgesweep/")) {
        dependencies.add(entry);
      }
    }
    return dependencies;
  }

  /** What {@code bin/edgesweep} runs on: edgesweep's classes, then every dependency. */
  public List<Path> fullClasspath() {
    List<Path> all = new ArrayList<>(classesDirectories());
    all.addAll(dependencyClasspath());
    return all;
  }

  /** The shaded job jar that {@code mvn package -Pbundled} builds, if it has been built. */
  public Optional<Path> bundledJar() {
    Path target = root.resolve("pipeline/target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-bundled.jar")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private List<Path> runtimeClasspath() {
    Path file = root.resolve("pipeline/target/runtime-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw notBuilt(file);
    }
    try {
      String text = Files.readString(file).trim();
      return Arrays.stream(text.split(java.io.File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .toList();
    } catch (IOException e) {
      throw new ClusterException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private ClusterException notBuilt(Path missing) {
    return new ClusterException(missing + " is missing: build the project first (mvn -B -o -DskipTests package in "
        + root + ")");
  }
}
