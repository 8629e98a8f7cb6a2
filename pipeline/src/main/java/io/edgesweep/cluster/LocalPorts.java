package io.edgesweep.cluster;

import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks and checks TCP ports on the loopback address, where the local cluster listens. */
final class LocalPorts {
  private LocalPorts() {}

  /**
   * {@code requested} if it is free, any free port if it is 0; a taken port fails here, with the
   * flag that chose it, instead of as a bind error deep in a JobManager log.
   */
  static int choose(String flag, int requested) {
    if (requested == 0) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free TCP port on the loopback address: " + e.getMessage(), e);
      }
    }
    if (!isFree(requested)) {
      throw new InvalidInputException(flag + " " + requested, null,
          "the port is in use on localhost (another Flink cluster?); choose another, or 0 for any free port");
    }
    return requested;
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
