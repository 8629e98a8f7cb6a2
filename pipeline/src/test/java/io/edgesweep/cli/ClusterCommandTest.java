package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster commands' answers when there is nothing to act on, or the input is wrong; no JVM is started. */
class ClusterCommandTest {
  @TempDir Path dir;

  @Test
  void statusWithoutAClusterSaysSo() {
    CommandRun run = CommandRun.of("cluster", "status", "--work-dir", dir.toString());
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).contains("no cluster started from " + dir);
  }

  @Test
  void stopWithoutAClusterHasNothingToDo() {
    CommandRun run = CommandRun.of("cluster", "stop", "--work-dir", dir.toString());
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("nothing to stop");
  }

  @Test
  void aTakenRestPortIsBadInputAndStartsNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path work = dir.resolve("cluster");
      CommandRun run = CommandRun.of("cluster", "start", "--work-dir", work.toString(), "--rest-port", Integer.toString(taken.getLocalPort()));
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("--rest-port " + taken.getLocalPort()).contains("in use");
      assertThat(work.resolve("cluster.json")).doesNotExist();
      assertThat(work.resolve("logs")).doesNotExist();
    }
  }

  @Test
  void zeroTaskManagersIsBadInput() {
    CommandRun run = CommandRun.of("cluster", "start", "--work-dir", dir.toString(), "--taskmanagers", "0");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--taskmanagers").contains("between 1 and");
  }

  @Test
  void addingATaskManagerWithoutAClusterPointsAtStart() {
    CommandRun run = CommandRun.of("cluster", "add-taskmanager", "--work-dir", dir.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("no cluster was started from").contains("edgesweep cluster start");
  }
}
