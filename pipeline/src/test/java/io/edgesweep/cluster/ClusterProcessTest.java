package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded process is recognized only by its pid, start time and work-folder tag together. */
class ClusterProcessTest {
  @TempDir Path workDir;
  private Process process;

  @AfterEach
  void killIt() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A stand-in for a cluster JVM: sleeps, with the tag among its arguments (bash -c passes them on). */
  private ClusterProcess startTagged(Path tagged) throws Exception {
    process = new ProcessBuilder("bash", "-c", "sleep 60", "sleeper", ClusterProcess.tag(tagged)).start();
    Instant started = process.toHandle().info().startInstant().orElseThrow();
    return new ClusterProcess("taskmanager-1", process.pid(), started, workDir.resolve("logs/taskmanager-1.log"));
  }

  @Test
  void theProcessItStartedIsRecognized() throws Exception {
    ClusterProcess recorded = startTagged(workDir);
    assertThat(recorded.isRunning(workDir)).isTrue();
  }

  @Test
  void aProcessOfAnotherWorkFolderIsNotOurs() throws Exception {
    ClusterProcess recorded = startTagged(workDir.resolve("other"));
    assertThat(recorded.isRunning(workDir)).isFalse();
    // A folder whose name starts like ours is not ours either.
    ClusterProcess prefixed = startTagged(Path.of(workDir + "x"));
    assertThat(prefixed.isRunning(workDir)).isFalse();
  }

  @Test
  void aReusedPidWithAnotherStartTimeIsNotOurs() throws Exception {
    ClusterProcess recorded = startTagged(workDir);
    ClusterProcess earlier = new ClusterProcess(recorded.name(), recorded.pid(), recorded.startedAt().minusSeconds(3600), recorded.logFile());
    assertThat(earlier.isRunning(workDir)).isFalse();
  }

  @Test
  void anExitedProcessIsNotRunning() throws Exception {
    ClusterProcess recorded = startTagged(workDir);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    assertThat(recorded.isRunning(workDir)).isFalse();
  }

  @Test
  void theOutFileSitsBesideTheLog() {
    ClusterProcess p = new ClusterProcess("jobmanager", 1, Instant.EPOCH, Path.of("/w/logs/jobmanager.log"));
    assertThat(p.outFile()).isEqualTo(Path.of("/w/logs/jobmanager.out"));
  }
}
