package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded MiniCluster's configuration as Flink reads it back, and the user's taking precedence. */
class EmbeddedFlinkConfigurationTest {
  private static final String CONF_DIR = "--flinkConfDir=";

  @Test
  void networkMemoryFollowsTheSlotsAndManagedMemoryIsSetAsBeamWouldSetIt() {
    assertThat(network(1)).isEqualTo(MemorySize.ofMebiBytes(16));
    assertThat(network(2)).isEqualTo(MemorySize.ofMebiBytes(16));
    assertThat(network(3)).isEqualTo(MemorySize.ofMebiBytes(24));
    assertThat(network(8)).isEqualTo(MemorySize.ofMebiBytes(64)); // Flink's local default, for any slot count

    Configuration read = read(EmbeddedFlink.options(2, null));
    assertThat(read.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(read.get(TaskManagerOptions.NETWORK_MEMORY_MIN));
    // Set, so Beam does not collect the heap to size it; 0.4 of the free heap at most.
    assertThat(read.containsKey(TaskManagerOptions.MANAGED_MEMORY_SIZE.key())).isTrue();
    long managed = read.get(TaskManagerOptions.MANAGED_MEMORY_SIZE).getBytes();
    assertThat(managed).isPositive().isLessThanOrEqualTo((long) (0.4 * Runtime.getRuntime().maxMemory()));
  }

  @Test
  void managedMemoryIsFlinksDefaultFractionOfTheHeapNotInUse(@TempDir Path folder) throws Exception {
    long mb = 1L << 20;
    // 0.4 × (1,000 − 200) MB, as Beam computes it after its collection.
    assertThat(EmbeddedFlinkConfiguration.managedMegabytes(1000 * mb, 200 * mb)).isEqualTo(320);
    assertThat(EmbeddedFlinkConfiguration.managedMegabytes(6144 * mb, 1024 * mb)).isEqualTo(2048);
    // Flink's own reader gets back what was written, network sized to the slots.
    Files.writeString(folder.resolve("config.yaml"), EmbeddedFlinkConfiguration.text(3, 320));
    Configuration read = GlobalConfiguration.loadConfiguration(folder.toString());
    assertThat(read.get(TaskManagerOptions.MANAGED_MEMORY_SIZE)).isEqualTo(MemorySize.ofMebiBytes(320));
    assertThat(read.get(TaskManagerOptions.NETWORK_MEMORY_MIN)).isEqualTo(MemorySize.ofMebiBytes(24));
  }

  @Test
  void aConfigurationFolderOfTheUsersEnvironmentIsLeftToBeamAndFlink() {
    assertThat(EmbeddedFlink.options(2, "/etc/flink")).noneMatch(o -> o.startsWith(CONF_DIR))
        .contains("--flinkMaster=[local]", "--parallelism=2");
    assertThat(EmbeddedFlink.options(2, null)).anyMatch(o -> o.startsWith(CONF_DIR));
  }

  private static MemorySize network(int slots) {
    Configuration read = read(EmbeddedFlink.options(slots, null));
    assertThat(read.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(read.get(TaskManagerOptions.NETWORK_MEMORY_MIN));
    return read.get(TaskManagerOptions.NETWORK_MEMORY_MIN);
  }

  private static Configuration read(List<String> options) {
    String folder = options.stream().filter(o -> o.startsWith(CONF_DIR)).findFirst().orElseThrow().substring(CONF_DIR.length());
    return GlobalConfiguration.loadConfiguration(folder);
  }
}
