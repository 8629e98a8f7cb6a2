package io.edgesweep.pipeline;

import java.nio.file.Path;

/**
 * A sweep that failed after it started, with the log file that holds the full trace.
 *
 * <p>The cause is what went wrong; the command line prints its message and this file's path, not
 * the trace.
 */
public final class SweepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Path log;

  public SweepFailedException(Path log, Throwable cause) {
    super("the sweep failed (full log: " + log + ")", cause);
    this.log = log;
  }

  public Path log() {
    return log;
  }
}
