package io.edgesweep.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a submission uploads with a job ({@code --filesToStage}) for the TaskManagers to load the
 * job's classes from.
 *
 * <p>Three choices, by what the cluster already has:
 *
 * <ul>
 *   <li>{@link #thinJar}: edgesweep's own classes only, for clusters that {@code edgesweep cluster
 *       start} started (they hold every dependency);
 *   <li>{@link #files} with the {@code -bundled} jar, for any Flink 1.19 cluster;
 *   <li>{@link #fullClasspath}: every jar on the class path, what the FlinkRunner stages by
 *       default; only to compare submit times.
 * </ul>
 */
public interface Staging {
  /** Builds what is to be staged (if it must be built) and returns the files. */
  List<Path> prepare();

  /** Removes what {@link #prepare} built; called once the job is submitted or the submission failed. */
  void cleanUp();

  /** For the user: what is staged and how big it is. */
  String describe();

  /** A {@link JobJar} of the project's classes, built in {@code folder} at submission and deleted after it. */
  static Staging thinJar(ProjectBuild build, Path folder) {
    return new Staging() {
      private JobJar jar;

      @Override
      public List<Path> prepare() {
        jar = JobJar.ofProject(build, folder);
        return List.of(jar.file());
      }

      @Override
      public void cleanUp() {
        if (jar != null) {
          jar.delete();
        }
      }

      @Override
      public String describe() {
        return jar == null ? "thin job jar" : String.format("thin job jar (%d classes, %s)", jar.classCount(), size(jar.sizeBytes()));
      }
    };
  }

  /** The thin job jar plus every dependency jar: what the FlinkRunner would stage by default. */
  static Staging fullClasspath(ProjectBuild build, Path folder) {
    Staging thin = thinJar(build, folder);
    List<Path> dependencies = build.dependencyClasspath().stream().filter(Files::isRegularFile).toList();
    return new Staging() {
      @Override
      public List<Path> prepare() {
        List<Path> all = new java.util.ArrayList<>(thin.prepare());
        all.addAll(dependencies);
        return all;
      }

      @Override
      public void cleanUp() {
        thin.cleanUp();
      }

      @Override
      public String describe() {
        return files(dependencies, "full class path").describe().replace("file", "jar") + " + " + thin.describe();
      }
    };
  }

  /** Existing jars, staged as they are. */
  static Staging files(List<Path> jars, String label) {
    List<Path> copy = List.copyOf(jars);
    return new Staging() {
      @Override
      public List<Path> prepare() {
        for (Path jar : copy) {
          if (!Files.isRegularFile(jar)) {
            throw new ClusterException("cannot stage " + jar + ": not a file (for directories, build a jar)");
          }
        }
        return copy;
      }

      @Override
      public void cleanUp() {}

      @Override
      public String describe() {
        long bytes = 0;
        for (Path jar : copy) {
          try {
            bytes += Files.size(jar);
          } catch (IOException e) {
            // Only a description.
          }
        }
        return String.format("%s (%d file%s, %s)", label, copy.size(), copy.size() == 1 ? "" : "s", size(bytes));
      }
    };
  }

  private static String size(long bytes) {
    if (bytes >= 1024 * 1024) {
      return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
    return String.format("%.0f KB", bytes / 1024.0);
  }
}
