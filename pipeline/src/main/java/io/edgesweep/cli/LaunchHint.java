package io.edgesweep.cli;

import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells {@code bin/edgesweep} that the same {@code sweep} command line will likely be up to date
 * next time, so that it maps the small class archive of an up-to-date run instead of the
 * whole-run one.
 *
 * <p>Which archive the JVM maps is fixed before any Java runs, and mapping the whole-run archive
 * costs an up-to-date run 0.4 s of its 0.9 s (the JVM patches every pointer of it at each start).
 * The launcher names the hint file after the working folder, the spec file's size and time and the
 * command line, and passes it as {@value #PROPERTY}; this class removes it when the command is
 * about to run a job and writes it when the run folder is complete. A hint that turns out wrong
 * makes that run load most of its classes from the jars, about 3 s more on fashion-mlp-bench;
 * the files the hint lists keep that to a run whose results were deleted behind its back.
 */
final class LaunchHint {
  static final String PROPERTY = "edgesweep.launchHint";

  private LaunchHint() {}

  /**
   * The run folder is complete and recorded: the same command is likely up to date next time, as
   * long as none of the files that decide it changes. The hint lists them, one path a line (the
   * record, the run's summary and the record's inputs: spec, device profiles, data, teacher); the
   * launcher trusts it only while every one exists and none is newer than the hint itself.
   */
  static void likelyUpToDateNextTime(Path recordFile, Path runFolder) {
    Path hint = file();
    if (hint != null) {
      write(hint, recordFile, runFolder);
    }
  }

  /**
   * The quick check found the run up to date. A hint that exists is still right then: it was
   * written after the record, which the check found unchanged, and removed before any job; so it
   * is left as it is rather than built again from the record (3.2 MB for mini-12960) at every
   * up-to-date run.
   */
  static void stillUpToDate(Path recordFile, Path runFolder) {
    Path hint = file();
    if (hint != null) {
      writeIfMissing(hint, recordFile, runFolder);
    }
  }

  static void writeIfMissing(Path hint, Path recordFile, Path runFolder) {
    if (!Files.exists(hint)) {
      write(hint, recordFile, runFolder);
    }
  }

  /** Writes {@code hint}: the paths of the files that decide whether the run is up to date. */
  static void write(Path hint, Path recordFile, Path runFolder) {
    try {
      StringBuilder paths = new StringBuilder();
      paths.append(recordFile.toAbsolutePath().normalize()).append('\n');
      paths.append(runFolder.resolve(io.edgesweep.pipeline.SweepJob.SUMMARY).toAbsolutePath().normalize()).append('\n');
      for (String line : Files.readAllLines(recordFile, StandardCharsets.UTF_8)) {
        if (line.startsWith("I\t")) {
          paths.append(line.substring(line.lastIndexOf('\t') + 1)).append('\n');
        }
      }
      Files.createDirectories(hint.getParent());
      AtomicFiles.writeFile(hint, t -> Files.writeString(t, paths, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // Only a speed-up is lost: the launcher then maps the whole-run archive.
      forget(hint);
    }
  }

  /** A job is about to run: until it completes, the same command would run one too. */
  static void jobAhead() {
    forget(file());
  }

  static void forget(Path hint) {
    if (hint == null) {
      return;
    }
    try {
      Files.deleteIfExists(hint);
    } catch (IOException | RuntimeException e) {
      // A hint left behind costs the next run of this command ~3 s if it runs a job, never a result.
    }
  }

  private static Path file() {
    String name = System.getProperty(PROPERTY);
    return name == null || name.isBlank() ? null : Path.of(name);
  }
}
