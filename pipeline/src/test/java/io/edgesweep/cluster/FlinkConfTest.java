package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flink-conf/config.yaml as Flink 1.19 reads it: a misspelt key is silently ignored by Flink, so
 * every choice the file makes is checked here through Flink's own typed options.
 */
class FlinkConfTest {
  private static final Path CONF = ProjectBuild.locate().defaultConfDir();

  private final ClusterConfig config = ClusterConfig.load(CONF, Map.of());
  private final Configuration flink = config.flink();

  @Test
  void taskManagersGetOneCoreOneSlotAndExplicitMemory() {
    TaskExecutorProcessSpec spec = config.taskManagerSpec();
    assertThat(flink.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(1);
    assertThat(spec.getCpuCores().getValue().doubleValue()).isEqualTo(1.0);
    assertThat(flink.get(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY)).isEqualTo(MemorySize.parse("128m"));
    assertThat(flink.get(TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY)).isEqualTo(MemorySize.parse("128m"));
    assertThat(spec.getTaskHeapSize()).isEqualTo(MemorySize.parse("1536m"));
    assertThat(spec.getTaskOffHeapSize()).isEqualTo(MemorySize.parse("1024m"));
    assertThat(spec.getManagedMemorySize()).isEqualTo(MemorySize.parse("256m"));
    assertThat(spec.getNetworkMemSize()).isEqualTo(MemorySize.parse("128m"));
    assertThat(spec.getJvmMetaspaceSize()).isEqualTo(MemorySize.parse("384m"));
    assertThat(spec.getJvmOverheadSize()).isEqualTo(MemorySize.parse("384m"));
    assertThat(spec.getTotalProcessMemorySize()).isEqualTo(MemorySize.parse("3968m"));
  }

  @Test
  void taskManagerJvmGetsTheLimitsFlinksScriptsWouldGiveIt() {
    // Heap = framework + task heap; direct memory = framework + task off-heap + network.
    assertThat(config.taskManagerJvmOptions())
        .contains("-Xmx" + MemorySize.parse("1664m").getBytes(), "-XX:MaxDirectMemorySize=" + MemorySize.parse("1280m").getBytes(),
            "-XX:MaxMetaspaceSize=" + MemorySize.parse("384m").getBytes(), "-Dai.djl.offline=true",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED");
    assertThat(String.join(" ", config.taskManagerArguments()))
        .contains("taskmanager.cpu.cores=1.0").contains("taskmanager.memory.task.off-heap.size=" + MemorySize.parse("1024m").getBytes() + "b");
  }

  @Test
  void jobManagerFitsItsProcessSizeAndGetsTheSameJavaOptions() {
    assertThat(config.jobManagerSpec().getTotalProcessMemorySize()).isEqualTo(MemorySize.parse("1280m"));
    assertThat(config.jobManagerJvmOptions()).anyMatch(o -> o.startsWith("-Xmx")).contains("-Dai.djl.offline=true");
  }

  @Test
  void failuresRestartTheAffectedRegionAFewTimes() {
    assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
    assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)).isEqualTo(3);
    assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY).toSeconds()).isEqualTo(10);
    assertThat(flink.get(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY)).isEqualTo("region");
    assertThat(flink.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)).isEqualTo(3_000L);
    assertThat(flink.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT)).isEqualTo(50_000L);
    // A killed TaskManager (its failed heartbeat RPCs) is noticed before the first restart runs, so
    // restarts do not go onto it and spend the attempts (config.yaml).
    long detection = flink.get(HeartbeatManagerOptions.HEARTBEAT_RPC_FAILURE_THRESHOLD) * flink.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL);
    assertThat(detection).isLessThan(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY).toMillis());
  }

  @Test
  void djlIsResolvedFromTheTaskManagersClassPath() {
    assertThat(flink.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL)).containsExactly("ai.djl.");
  }

  @Test
  void restAndWebUiListenOnLoopbackPort8081() {
    assertThat(flink.get(RestOptions.PORT)).isEqualTo(8081);
    assertThat(flink.get(RestOptions.BIND_ADDRESS)).isEqualTo("localhost");
    assertThat(flink.get(WebOptions.SUBMIT_ENABLE)).isTrue();
    assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
    assertThat(flink.get(ClusterOptions.EVENLY_SPREAD_OUT_SLOTS_STRATEGY)).isTrue();
  }

  @Test
  void perClusterOverridesWinOverTheFile() {
    ClusterConfig overridden = ClusterConfig.load(CONF, Map.of("rest.port", "18081", "jobmanager.rpc.port", "16123"));
    assertThat(overridden.restPort()).isEqualTo(18081);
    assertThat(overridden.rpcPort()).isEqualTo(16123);
  }

  @Test
  void memorySizesThatDoNotAddUpNameTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.yaml"), Files.readString(CONF.resolve("config.yaml"))
        .replace("min: 384m\n      max: 384m", "min: 384m\n      max: 100m"));
    Files.copy(CONF.resolve("log4j.properties"), dir.resolve("log4j.properties"));
    ClusterConfig broken = ClusterConfig.load(dir, Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(broken::taskManagerSpec)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("config.yaml").toString());
  }

  @Test
  void aFolderWithoutConfigYamlIsRejected(@TempDir Path dir) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterConfig.load(dir, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no config.yaml");
  }
}
