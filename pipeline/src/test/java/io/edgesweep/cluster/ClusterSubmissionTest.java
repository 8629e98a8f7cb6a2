package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JobManager that cannot be reached is reported within seconds, before anything is staged or
 * written; Flink's own client would retry for over a minute.
 */
class ClusterSubmissionTest {
  @TempDir Path dir;

  @Test
  void nothingListeningFailsFastAndWritesNothing() throws Exception {
    int port = LocalPorts.choose("--flink-master", 0);
    Path staging = dir.resolve("staging");
    Path output = dir.resolve("out");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PyTorchCheck.addTo(pipeline, 2, output.toString());

    long begin = System.nanoTime();
    assertThatThrownBy(() -> ClusterSubmission.connect("localhost:" + port)
            .submit(pipeline, Staging.thinJar(ProjectBuild.locate(), staging)))
        .isInstanceOf(ClusterUnreachableException.class)
        .hasMessageContaining("no Flink JobManager answers at http://localhost:" + port + "/")
        .hasMessageContaining("connection refused");
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(staging).doesNotExist();
    assertThat(output).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aServerThatNeverAnswersFailsWithinItsTimeout() throws Exception {
    // Accepts connections (the kernel completes the handshake) but never reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long begin = System.nanoTime();
      assertThatThrownBy(() -> ClusterSubmission.connect("localhost:" + silent.getLocalPort()))
          .isInstanceOf(ClusterUnreachableException.class)
          .hasMessageContaining("no answer within");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aMasterThatIsNotHostAndPortIsBadInput() {
    assertThatThrownBy(() -> ClusterSubmission.connect("localhost"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--flink-master")
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> ClusterSubmission.connect("localhost:eighty"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a number");
  }
}
