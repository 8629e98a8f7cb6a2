package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded process is recognized only by its pid, start time and work-folder tag together. */
class ClusterProcessTest {
  @TempDir Path workDir;
  private final List<Process> started = new ArrayList<>();
  private Process process;

  @AfterEach
  void killThem() throws Exception {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A stand-in for a cluster JVM: a bash loop (a lone command would be exec-ed, losing the arguments) with the tag among its arguments. */
  private ClusterProcess startTagged(Path tagged) throws Exception {
    process = new ProcessBuilder("bash", "-c", "while :; do sleep 1; done", "sleeper", ClusterProcess.tag(tagged)).start();
    started.add(process);
    Instant started = process.toHandle().info().startInstant().orElseThrow();
    ClusterProcess recorded = new ClusterProcess("taskmanager-1", process.pid(), started, workDir.resolve("logs/taskmanager-1.log"));
    // Right after the fork the child still shows this JVM's command line; wait for bash's.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!recorded.isRunning(tagged) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return recorded;
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
