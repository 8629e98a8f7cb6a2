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
    Throwable cause = ex;
    InvalidInputException invalid = find(ex);
    if (System.getenv("EDGESWEEP_DEBUG") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    if (invalid != null) {
      commandLine.getErr().println("error: " + invalid.getMessage());
      return BAD_INPUT;
    }
    while (cause.getCause() != null && (cause.getMessage() == null || cause.getMessage().isBlank())) {
      cause = cause.getCause();
    }
    commandLine.getErr().println("error: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    return FAILED;
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
