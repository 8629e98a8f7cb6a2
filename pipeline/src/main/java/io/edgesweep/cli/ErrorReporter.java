package io.edgesweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.edgesweep.InvalidInputException;
import io.edgesweep.pipeline.RunLog;
import io.edgesweep.pipeline.SweepFailedException;
import io.edgesweep.transforms.StoreErrors;
import java.nio.file.FileSystemException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one line the user can act on, and an exit code.
 *
 * <p>Bad input (exit 2) names the file, field or flag; so does a folder that cannot be written or
 * a full disk. Anything else (exit 1) is reported with where it failed and its innermost cause.
 * Stack traces go to the sweep's log file, whose path follows the error line; {@code --verbose}
 * (or {@code EDGESWEEP_DEBUG=1}) prints them here too.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (RunLog.isVerbose() || System.getenv("EDGESWEEP_DEBUG") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().println("error: " + message(ex));
    SweepFailedException failed = find(ex, SweepFailedException.class);
    if (failed != null) {
      commandLine.getErr().println("  full trace: " + failed.log());
    }
    return exitCode(ex);
  }

  /** 2 when the user can fix the input (a file, a flag, a full or read-only disk), 1 otherwise. */
  static int exitCode(Throwable ex) {
    return find(ex) != null || unusableLocation(ex) != null ? BAD_INPUT : FAILED;
  }

  /** The line the user reads: the bad input's message, or where it failed and why. */
  static String message(Throwable ex) {
    InvalidInputException invalid = find(ex);
    if (invalid != null) {
      return firstLine(invalid.getMessage());
    }
    FileSystemException location = unusableLocation(ex);
    if (location != null) {
      return location.getFile() + ": " + StoreErrors.describe(location);
    }
    JsonProcessingException json = find(ex, JsonProcessingException.class);
    if (json != null) {
      Object source = json.getLocation() == null ? null : json.getLocation().contentReference().getRawContent();
      return (source == null ? "JSON input" : source) + ": not valid JSON (truncated or edited?): " + firstLine(json.getOriginalMessage());
    }
    // A failed job arrives wrapped several times (Beam's, Flink's, serialized across processes);
    // the innermost cause is what went wrong, the outermost says where.
    Throwable outer = ex;
    while (outer instanceof SweepFailedException && outer.getCause() != null) {
      outer = outer.getCause();
    }
    Throwable root = outer;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outerText = describe(outer);
    String inner = describe(root);
    return root == outer || outerText.contains(inner) ? outerText : outerText + ": " + inner;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : firstLine(t.getMessage());
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A file-system failure that says the disk is full or the folder cannot be written, naming the file. */
  private static FileSystemException unusableLocation(Throwable ex) {
    for (Throwable c = ex; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof FileSystemException fse && fse.getFile() != null) {
        String text = StoreErrors.describe(fse).toLowerCase(Locale.ROOT);
        if (text.startsWith("no space") || text.startsWith("cannot write")) {
          return fse;
        }
      }
    }
    return null;
  }

  static InvalidInputException find(Throwable t) {
    return find(t, InvalidInputException.class);
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
