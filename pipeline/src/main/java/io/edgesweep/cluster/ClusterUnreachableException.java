package io.edgesweep.cluster;

import java.net.URI;

/**
 * Thrown when nothing answers at a JobManager's REST address: the cluster is not started, has
 * stopped, or the address is wrong.
 */
public class ClusterUnreachableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final URI address;

  public ClusterUnreachableException(URI address, String reason, Throwable cause) {
    super("no Flink JobManager answers at " + address + " (" + reason + ")", cause);
    this.address = address;
  }

  /** The REST address that did not answer. */
  public URI address() {
    return address;
  }
}
