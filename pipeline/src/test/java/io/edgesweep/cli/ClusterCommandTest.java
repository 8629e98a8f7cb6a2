package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster commands' answers when there is nothing to act on, or the input is wrong; no JVM is started. */
class ClusterCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;
  @TempDir Path dir;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void statusWithoutAClusterSaysSo() {
    int code = Main.run("cluster", "status", "--work-dir", dir.toString());
    assertThat(code).isEqualTo(3);
    assertThat(out.toString()).contains("no cluster started from " + dir);
  }

  @Test
  void stopWithoutAClusterHasNothingToDo() {
    assertThat(Main.run("cluster", "stop", "--work-dir", dir.toString())).isZero();
    assertThat(out.toString()).contains("nothing to stop");
  }

  @Test
  void aTakenRestPortIsBadInputAndStartsNothing() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path work = dir.resolve("cluster");
      int code = Main.run("cluster", "start", "--work-dir", work.toString(), "--rest-port", Integer.toString(taken.getLocalPort()));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString()).contains("--rest-port " + taken.getLocalPort()).contains("in use");
      assertThat(work.resolve("cluster.json")).doesNotExist();
      assertThat(work.resolve("logs")).doesNotExist();
    }
  }

  @Test
  void zeroTaskManagersIsBadInput() {
    int code = Main.run("cluster", "start", "--work-dir", dir.toString(), "--taskmanagers", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--taskmanagers").contains("between 1 and");
  }

  @Test
  void addingATaskManagerWithoutAClusterPointsAtStart() {
    int code = Main.run("cluster", "add-taskmanager", "--work-dir", dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no cluster was started from").contains("edgesweep cluster start");
  }
}
