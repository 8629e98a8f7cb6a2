package io.edgesweep.cluster;

/**
 * Thrown when a cluster does not do what was asked of it: a process that does not start, a REST
 * API that does not answer, a job that fails.
 *
 * <p>The message names the address, process or job concerned and, where there is one, the log file
 * to read next, so that the command line can show it as the whole error.
 */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
