package io.edgesweep.cluster;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start a local cluster: from which configuration folder, into which work folder, with how
 * many TaskManagers and on which ports.
 *
 * @param confDir the Flink configuration folder ({@code config.yaml} and {@code log4j.properties})
 * @param workDir where the state file, {@code logs/} and the processes' temporary files go
 * @param taskManagers how many TaskManager JVMs to start
 * @param restPort the REST and web UI port; null takes {@code rest.port} from the file, 0 any free port
 * @param rpcPort the JobManager's RPC port; null takes {@code jobmanager.rpc.port} from the file, 0 any free port
 * @param startTimeout how long to wait for every TaskManager to register
 */
public record ClusterSettings(
    Path confDir, Path workDir, int taskManagers, Integer restPort, Integer rpcPort, Duration startTimeout) {
  /** The most TaskManagers one machine's launcher starts; more is a typo, not a plan. */
  public static final int MAX_TASK_MANAGERS = 32;

  public ClusterSettings {
    if (taskManagers < 1 || taskManagers > MAX_TASK_MANAGERS) {
      throw new InvalidInputException("--taskmanagers", null,
          "must be between 1 and " + MAX_TASK_MANAGERS + ", got " + taskManagers);
    }
    checkPort("--rest-port", restPort);
    checkPort("--rpc-port", rpcPort);
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new InvalidInputException("--timeout", null, "must be positive, got " + startTimeout.toSeconds() + " s");
    }
    confDir = confDir.toAbsolutePath().normalize();
    workDir = workDir.toAbsolutePath().normalize();
  }

  /** Any free ports, as tests want: several clusters can then share one machine. */
  public static ClusterSettings onFreePorts(Path confDir, Path workDir, int taskManagers) {
    return new ClusterSettings(confDir, workDir, taskManagers, 0, 0, Duration.ofSeconds(120));
  }

  private static void checkPort(String flag, Integer port) {
    if (port != null && (port < 0 || port > 65535)) {
      throw new InvalidInputException(flag, null, "must be a TCP port (0 for any free one), got " + port);
    }
  }
}
