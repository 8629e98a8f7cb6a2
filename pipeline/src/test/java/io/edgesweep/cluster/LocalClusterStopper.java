package io.edgesweep.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Stops whatever cluster is recorded in a work folder; safe to run when there is none.
 *
 * <p>Tests run it before starting a cluster (a previous run killed mid-test may have left one) and
 * register it as a JVM shutdown hook, so no test leaves Flink processes behind.
 */
public record LocalClusterStopper(Path workDir, ProjectBuild build) implements Runnable {
  @Override
  public void run() {
    LocalCluster.find(workDir, build).ifPresent(c -> c.stop(Duration.ofSeconds(10), line -> {}));
  }
}
