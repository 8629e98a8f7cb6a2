package io.edgesweep.cli;

import io.edgesweep.data.AtomicFiles;
import io.edgesweep.model.onnx.OnnxRuntimeNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A temporary folder of this process's own, removed when it exits, so that what Flink's embedded
 * cluster unpacks into the system temporary folder does not pile up there.
 *
 * <p>Every flink-local run unpacks a {@code minicluster_*} folder into {@code java.io.tmpdir} (and,
 * where {@code flink-rpc-akka} is not on the class path, a 22 MB copy of it:
 * {@code ClassPathRpcSystemLoader}), and writes the embedded cluster's configuration there
 * ({@code EmbeddedFlinkConfiguration}); a failed or interrupted run left them behind. Pointing
 * {@code java.io.tmpdir} at {@code <tmp>/edgesweep-<user>/<pid>} before any Flink class reads it
 * gathers them in one folder that a shutdown hook deletes on exit, on SIGINT and on SIGTERM. A
 * SIGKILL runs no hook; the next edgesweep process deletes the folders of processes that are gone.
 *
 * <p>{@code bin/edgesweep} names the folder on the JVM's command line already: Java 17's
 * {@code Files.createTempDirectory} reads {@code java.io.tmpdir} once, at the JVM's start, so a
 * folder set here later is seen by Flink (which reads the property) but not by ONNX Runtime, which
 * left an empty {@code onnxruntime-java*} folder in the system's temporary folder at every sweep.
 * Here the folder is then only adopted: cleaned up on exit like one made here.
 */
final class ProcessTempFolder {
  private ProcessTempFolder() {}

  /** Moves {@code java.io.tmpdir} into this process's folder; call first thing in {@code main}. */
  static void install() {
    long pid = ProcessHandle.current().pid();
    Path current = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    boolean givenByLauncher = isFolderOf(current, pid);
    Path base = givenByLauncher ? current.getParent()
        : current.resolve("edgesweep-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_"));
    Path mine = base.resolve(Long.toString(pid));
    try {
      Files.createDirectories(mine);
    } catch (IOException e) {
      return; // the system folder stays in use: nothing breaks, only cleanup is lost
    }
    removeFoldersOfEndedProcesses(base);
    System.setProperty("java.io.tmpdir", mine.toString());
    System.setProperty(OnnxRuntimeNatives.TEMP_BASE, base.toString()); // what is kept between commands
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        AtomicFiles.deleteRecursively(mine);
      } catch (IOException | RuntimeException e) {
        // The next run removes it.
      }
    }, "edgesweep-temp-cleanup"));
  }

  /** Whether {@code folder} is {@code <tmp>/edgesweep-<user>/<pid>} for this {@code pid}: the launcher made it. */
  static boolean isFolderOf(Path folder, long pid) {
    Path parent = folder.getParent();
    return folder.getFileName() != null && folder.getFileName().toString().equals(Long.toString(pid))
        && parent != null && parent.getFileName() != null && parent.getFileName().toString().startsWith("edgesweep-");
  }

  static void removeFoldersOfEndedProcesses(Path base) {
    try (Stream<Path> folders = Files.list(base)) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()
            && ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true)) {
          AtomicFiles.deleteRecursively(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: a folder that cannot be listed or deleted is left for the next run.
    }
  }
}
