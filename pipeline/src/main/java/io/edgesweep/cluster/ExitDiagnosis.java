package io.edgesweep.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a cluster JVM that exited during start did so, in one line: its exit status and the last
 * problem its output and log show.
 *
 * <p>Why one line: the message of a failed {@code cluster start} is often all a user (or a CI
 * summary, which shows a failure's first line) gets to see. A Flink start failure leaves an ERROR
 * line and a "Caused by" chain in the log; a JVM crash leaves only '#' lines of the JVM's report in
 * the output file, and so does a JVM that could not commit the memory it reserved; a process killed
 * by a signal (the kernel's out-of-memory killer, say) leaves nothing at all, and only its exit
 * status tells.
 */
final class ExitDiagnosis {
  /** Logs larger than this are not read for a hint (the message names them anyway). */
  private static final long MAX_READ_BYTES = 16L * 1024 * 1024;

  private ExitDiagnosis() {}

  /**
   * The exit status as a user reads it: a code above 128 is how a JVM (or the shell) reports death by
   * signal {@code code - 128}.
   */
  static String exitStatus(int code) {
    if (code > 128 && code < 128 + 65) {
      int signal = code - 128;
      return "exit code " + code + " (killed by signal " + signal + signalName(signal) + ")";
    }
    return "exit code " + code;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 6 -> ", SIGABRT: a JVM crash or abort";
      case 9 -> ", SIGKILL: killed from outside, e.g. by the kernel when memory ran out";
      case 11 -> ", SIGSEGV";
      case 15 -> ", SIGTERM";
      default -> "";
    };
  }

  /**
   * The last problem the files show, or empty: a JVM crash report's signal and problematic frame,
   * else the innermost "Caused by" after the last error line, else that error line.
   */
  static Optional<String> lastProblem(List<Path> files) {
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      try {
        if (Files.isRegularFile(file) && Files.size(file) <= MAX_READ_BYTES) {
          problemIn(Files.readAllLines(file)).ifPresent(found::add);
        }
      } catch (IOException | RuntimeException e) {
        // Only a hint; the caller's message names the files.
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(String.join(" | ", found));
  }

  static Optional<String> problemIn(List<String> lines) {
    String crash = null;
    String cause = null;
    String error = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("# A fatal error has been detected by the Java Runtime Environment")) {
        crash = "JVM crash: " + crashSummary(lines, i + 1);
      } else if (line.startsWith("# There is insufficient memory for the Java Runtime Environment")) {
        // The JVM could not commit memory it had reserved (its heap at -Xms, say): no log, no signal, exit code 1.
        String detail = i + 1 < lines.size() ? lines.get(i + 1).replaceFirst("^#\\s*", "").trim().replaceFirst("\\.$", "") : "";
        crash = "the JVM got no memory" + (detail.isEmpty() ? "" : ": " + detail);
      } else if (line.startsWith("Caused by: ")) {
        cause = line.trim();
      } else if (line.contains(" ERROR ") || line.startsWith("Exception in thread") || line.startsWith("Error")
          || line.startsWith("Uncaught error from thread")) {
        error = line.trim();
        cause = null;
      }
    }
    if (crash != null) {
      return Optional.of(crash);
    }
    return Optional.ofNullable(cause != null ? cause : error);
  }

  /** The signal line and the problematic frame of a JVM's crash report that starts at {@code from}. */
  private static String crashSummary(List<String> lines, int from) {
    String signal = null;
    String frame = null;
    for (int i = from; i < lines.size() && i < from + 40; i++) {
      String line = lines.get(i).replaceFirst("^#\\s*", "").trim();
      if (signal == null && !line.isEmpty()) {
        signal = line;
      }
      if (line.startsWith("Problematic frame:") && i + 1 < lines.size()) {
        frame = lines.get(i + 1).replaceFirst("^#\\s*", "").trim();
        break;
      }
    }
    if (signal == null) {
      return "see the output file";
    }
    return frame == null ? signal : signal + ", in " + frame;
  }
}
