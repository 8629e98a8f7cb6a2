package io.edgesweep.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One JVM that the launcher started: its name in the cluster ({@code jobmanager},
 * {@code taskmanager-2}), process id, start time and log file.
 *
 * <p>A process id alone can be reused by an unrelated process once ours has exited; the start time
 * and a tag on its command line ({@code -Dedgesweep.cluster=<work dir>}) tell ours from it, so stopping
 * a cluster never signals a process it did not start.
 */
public record ClusterProcess(String name, long pid, Instant startedAt, Path logFile) {
  /** Start times are read from /proc with clock-tick precision; anything closer than this is the same start. */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /** The command-line tag that marks the processes of the cluster in {@code workDir}. */
  static String tag(Path workDir) {
    return "-Dedgesweep.cluster=" + workDir.toAbsolutePath().normalize();
  }

  /** The live process, if {@link #pid} still runs the JVM that was started, tagged for {@code workDir}. */
  public Optional<ProcessHandle> handle(Path workDir) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return Optional.empty();
    }
    ProcessHandle.Info info = handle.get().info();
    Optional<Instant> start = info.startInstant();
    if (start.isEmpty() || Duration.between(start.get(), startedAt).abs().compareTo(SAME_START) >= 0) {
      return Optional.empty();
    }
    if (!arguments(handle.get()).contains(tag(workDir))) {
      return Optional.empty();
    }
    return handle;
  }

  /**
   * The process's command line. On Linux from /proc, whole: the JDK's {@code ProcessHandle.Info}
   * cuts it at 4,096 characters and gives no arguments at all for longer ones, and a cluster JVM's
   * class path alone is longer.
   */
  static List<String> arguments(ProcessHandle handle) {
    Path proc = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return List.of(new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).split("\0"));
      }
    } catch (IOException e) {
      // The process has just exited, or /proc is not what it seems: fall back to the JDK's view.
    }
    return List.of(handle.info().commandLine().orElse("").split(" "));
  }

  public boolean isRunning(Path workDir) {
    return handle(workDir).isPresent();
  }

  /** The file the JVM's own stdout and stderr go to (crashes before logging starts end up here). */
  public Path outFile() {
    String log = logFile.getFileName().toString();
    return logFile.resolveSibling(log.replaceFirst("\\.log$", "") + ".out");
  }
}
