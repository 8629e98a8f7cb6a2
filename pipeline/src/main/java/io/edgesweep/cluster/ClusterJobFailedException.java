package io.edgesweep.cluster;

import java.net.URI;

/**
 * Thrown when a submitted job ends FAILED or CANCELED. The message leads with the root cause from
 * the JobManager (the innermost "Caused by" of the failure), since that is what the user fixes;
 * {@link #stackTrace()} keeps the whole text.
 */
public class ClusterJobFailedException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final String state;
  private final String stackTrace;

  public ClusterJobFailedException(String jobName, String jobId, String state, String stackTrace, URI exceptionsPage) {
    super("job " + jobName + " " + state + ": " + rootCause(stackTrace) + " (details: " + exceptionsPage + ")");
    this.jobId = jobId;
    this.state = state;
    this.stackTrace = stackTrace;
  }

  public String jobId() {
    return jobId;
  }

  /** FAILED or CANCELED. */
  public String state() {
    return state;
  }

  /** The failure as the JobManager reported it, with every cause. */
  public String stackTrace() {
    return stackTrace;
  }

  /** The innermost "Caused by: ..." line of a Java stack trace, or its first line if it has none. */
  static String rootCause(String stackTrace) {
    if (stackTrace == null || stackTrace.isBlank()) {
      return "no cause reported";
    }
    String[] lines = stackTrace.split("\\R");
    String cause = lines[0].trim();
    for (String line : lines) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length()).trim();
      }
    }
    return cause;
  }
}
