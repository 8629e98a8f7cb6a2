package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import picocli.CommandLine;

/**
 * Turns an exception from a command into one line the user can act on, and an exit code.
 *
 * <p>Bad input (exit 2) names the file and field; anything else (exit 1) is reported with its
 * message and, only with {@code EDGESWEEP_DEBUG=1}, its stack trace.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  static final int BAD_INPUT = 2;
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (System.getenv("EDGESWEEP_DEBUG") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().println("error: " + message(ex));
    return find(ex) != null ? BAD_INPUT : FAILED;
  }

  /** The line the user reads: the bad input's message, or where it failed and why. */
  static String message(Throwable ex) {
    InvalidInputException invalid = find(ex);
    if (invalid != null) {
      return invalid.getMessage();
    }
    // A failed job arrives wrapped several times (Beam's, Flink's, serialized across processes);
    // the innermost cause is what went wrong, the outermost says where.
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = describe(ex);
    String inner = describe(root);
    return root == ex || outer.contains(inner) ? outer : outer + ": " + inner;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : t.getMessage();
  }

  static InvalidInputException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidInputException e) {
        return e;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
