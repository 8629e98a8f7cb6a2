package io.edgesweep.cluster;

import io.edgesweep.model.TorchRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts one cluster JVM in the background, detached from the terminal, with its output in its
 * log folder.
 *
 * <p>The JVM runs in a session of its own ({@code setsid}, where the system has it), so closing the
 * terminal or pressing Ctrl-C in it after {@code cluster start} has returned does not take the
 * cluster down; only {@code cluster stop} does.
 */
final class JvmStarter {
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);

  private final Path workDir;
  private final List<Path> classpath;
  private final Path log4jFile;

  JvmStarter(Path workDir, List<Path> classpath, Path log4jFile) {
    this.workDir = workDir;
    this.classpath = List.copyOf(classpath);
    this.log4jFile = log4jFile;
  }

  /**
   * A JVM just started: its record, and the child process handle that alone can tell its exit
   * code should it exit during the start.
   */
  record Launched(ClusterProcess process, Process child) {}

  /**
   * Starts {@code mainClass} as the process {@code name}: Flink's log goes to
   * {@code logs/<name>.log}, the JVM's stdout and stderr to {@code logs/<name>.out}.
   */
  Launched start(String name, List<String> jvmOptions, String mainClass, List<String> arguments) {
    Path logDir = workDir.resolve("logs");
    Path logFile = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The tag first: tools that show a command line cut it, and the tag is how it is recognized.
    command.add(ClusterProcess.tag(workDir));
    command.addAll(jvmOptions);
    command.add("-Dlog.file=" + logFile);
    command.add("-Dlog4j.configurationFile=" + log4jFile.toUri());
    command.add("-cp");
    command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass);
    command.addAll(arguments);
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(command);
      // MKL's reproducible mode from the first product on, whatever code runs it (TorchRuntime).
      builder.environment().putIfAbsent(TorchRuntime.MKL_CBWR_VARIABLE, TorchRuntime.MKL_CBWR_VALUE);
      builder.environment().putIfAbsent(TorchRuntime.ONEDNN_ISA_VARIABLE, TorchRuntime.ONEDNN_ISA_VALUE);
      Process process = builder
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(logDir.resolve(name + ".out").toFile()))
          .start();
      Instant startedAt = process.toHandle().info().startInstant().orElseGet(Instant::now);
      ClusterProcess started = new ClusterProcess(name, process.pid(), startedAt, logFile);
      awaitExec(started, process);
      return new Launched(started, process);
    } catch (IOException e) {
      throw new ClusterException("cannot start the " + name + " JVM (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the new process runs our command line: for a moment after the fork it still shows
   * the launcher's, and would not be recognized as ours (nor stopped) until then.
   */
  private void awaitExec(ClusterProcess started, Process process) {
    long deadline = System.nanoTime() + EXEC_TIMEOUT.toNanos();
    while (!started.isRunning(workDir)) {
      if (!process.isAlive()) {
        return; // Exited at once: the caller's check reports it with its log.
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new ClusterException("the " + started.name() + " JVM (pid " + started.pid() + ") did not start within "
            + EXEC_TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new ClusterException("interrupted while starting " + started.name(), e);
      }
    }
  }
}
