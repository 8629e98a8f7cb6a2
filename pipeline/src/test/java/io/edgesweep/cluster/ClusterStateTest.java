package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file brings back exactly the processes that were recorded. */
class ClusterStateTest {
  @TempDir Path workDir;

  @Test
  void roundTrips() {
    ClusterProcess jm = new ClusterProcess("jobmanager", 101, Instant.parse("2026-01-02T03:04:05.670Z"), workDir.resolve("logs/jobmanager.log"));
    ClusterProcess tm = new ClusterProcess("taskmanager-1", 102, Instant.parse("2026-01-02T03:04:06.010Z"), workDir.resolve("logs/taskmanager-1.log"));
    ClusterState state = new ClusterState(workDir, Path.of("/conf"), 18081, 16123, List.of(jm)).with(tm);
    state.write();

    ClusterState read = ClusterState.read(workDir).orElseThrow();
    assertThat(read).isEqualTo(state);
    assertThat(read.without(jm).processes()).containsExactly(tm);

    read.delete();
    assertThat(ClusterState.read(workDir)).isEmpty();
  }

  @Test
  void aDamagedFileSaysWhichAndWhatToDo() throws Exception {
    Files.writeString(workDir.resolve("cluster.json"), "{ not json");
    assertThatThrownBy(() -> ClusterState.read(workDir))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("cluster.json")
        .hasMessageContaining("delete the file");
  }
}
