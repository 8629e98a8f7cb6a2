package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.data.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TaskManager JVM that dies while the cluster starts: {@code cluster start} says how (exit
 * status and the JVM's own crash report, on the message's first line) and stops what it started.
 * The TaskManagers get a metaspace far too small for Flink and a JVM flag that turns the resulting
 * out-of-memory error into a crash: a death that leaves no error in Flink's log, as on stop 24's CI.
 */
class ClusterStartFailureIT {
  private static final ProjectBuild BUILD = ProjectBuild.locate();
  private final Path workDir = BUILD.root().resolve("pipeline/target/it-cluster-start-failure");
  /** The pids the start reported, so that a failing test still stops them. */
  private final List<Long> started = new ArrayList<>();

  @AfterEach
  void stopWhatever() {
    Path clusterDir = workDir.resolve("cluster");
    new LocalClusterStopper(clusterDir, BUILD).run();
    for (long pid : started) {
      ProcessHandle.of(pid).filter(h -> ClusterProcess.arguments(h).contains(ClusterProcess.tag(clusterDir)))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aTaskManagerThatCrashesAtStartIsNamedWithHowItDiedAndNothingIsLeftRunning() throws Exception {
    AtomicFiles.deleteRecursively(workDir);
    Path conf = Files.createDirectories(workDir.resolve("conf"));
    for (String name : List.of("config.yaml", "log4j.properties")) {
      Files.copy(BUILD.defaultConfDir().resolve(name), conf.resolve(name));
    }
    Path config = conf.resolve("config.yaml");
    String original = Files.readString(config);
    String crashing = original.replace("      taskmanager: -XX:+UseSerialGC",
        "      taskmanager: -XX:+UseSerialGC -XX:MaxMetaspaceSize=24m -XX:+CrashOnOutOfMemoryError");
    assertThat(crashing).isNotEqualTo(original);
    Files.writeString(config, crashing);

    Path clusterDir = workDir.resolve("cluster");
    assertThatThrownBy(() -> LocalCluster.start(ClusterSettings.onFreePorts(conf, clusterDir, 2), BUILD, line -> {
      System.out.println(line);
      // "started taskmanager-1 (pid 123), log ...": remembered, so that a failure here still stops it.
      if (line.startsWith("started ")) {
        started.add(Long.parseLong(line.replaceFirst(".*\\(pid (\\d+)\\).*", "$1")));
      }
    }))
        .isInstanceOf(ClusterException.class)
        .message()
        .matches("taskmanager-\\d \\(pid \\d+\\) exited during start with exit code 134 \\(killed by signal 6, SIGABRT: "
            + "a JVM crash or abort\\): JVM crash: .+; see .+taskmanager-\\d\\.log and .+taskmanager-\\d\\.out");

    // The JobManager and the other TaskManager were stopped again, and the cluster forgotten.
    assertThat(started).hasSize(3).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(ClusterState.read(clusterDir)).isEmpty();
  }
}
