package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.cli.Main;
import io.edgesweep.cluster.ClusterException;
import io.edgesweep.cluster.ClusterSettings;
import io.edgesweep.cluster.ClusterSubmission;
import io.edgesweep.cluster.ClusterUnreachableException;
import io.edgesweep.cluster.LocalCluster;
import io.edgesweep.cluster.LocalClusterStopper;
import io.edgesweep.cluster.ProjectBuild;
import io.edgesweep.cluster.Staging;
import io.edgesweep.data.AtomicFiles;
import io.edgesweep.report.RunFolderFiles;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKinds;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sweeps submitted to a real Flink session cluster (a JobManager and two TaskManagers as JVMs on
 * free ports): a TaskManager killed mid-sweep and replaced loses no variant and changes no number;
 * an unreachable JobManager fails in seconds with nothing written; a job that fails on the cluster
 * names its cause and leaves no run folder. Every process started here is stopped at the end,
 * also when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepOnClusterIT {
  private static final ProjectBuild BUILD = ProjectBuild.locate();
  private static Path workDir;
  private static LocalCluster cluster;
  private static Thread lastResort;

  @BeforeAll
  static void startCluster() throws Exception {
    workDir = BUILD.root().resolve("pipeline/target/it-sweep-cluster");
    Path clusterDir = workDir.resolve("cluster");
    new LocalClusterStopper(clusterDir, BUILD).run();
    AtomicFiles.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    lastResort = new Thread(new LocalClusterStopper(clusterDir, BUILD), "stop-sweep-test-cluster");
    Runtime.getRuntime().addShutdownHook(lastResort);
    cluster = startCluster(clusterDir);
  }

  /**
   * The cluster these tests submit to, started a second time if the first start fails: starting is
   * LocalClusterIT's subject, not this class's, and once on CI (2026-12-01) a TaskManager here exited
   * during start leaving no error in its log (the reason is now part of the message, printed here).
   */
  private static LocalCluster startCluster(Path clusterDir) {
    ClusterSettings settings = ClusterSettings.onFreePorts(BUILD.defaultConfDir(), clusterDir, 2);
    try {
      return LocalCluster.start(settings, BUILD, System.out::println);
    } catch (ClusterException first) {
      System.out.println("the test cluster did not start (" + first.getMessage() + "); starting it once more");
      return LocalCluster.start(settings, BUILD, System.out::println);
    }
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (cluster != null) {
        cluster.stop(Duration.ofSeconds(30), System.out::println);
        assertThat(cluster.processes()).noneMatch(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(lastResort);
    }
  }

  @Test
  @Order(1)
  void anUnreachableJobManagerFailsWithinSecondsAndWritesNothing() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path out = workDir.resolve("unreachable");
    Path spec = TinySweep.writeSpec(workDir, "unreachable", "32");
    long begin = System.nanoTime();
    int code = Main.run("sweep", "--spec", spec.toString(), "--runner", "flink", "--flink-master", "localhost:" + port, "--out", out.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    assertThat(code).isNotZero();
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(out).doesNotExist();
    assertThatThrownBy(() -> ClusterSubmission.connect("localhost:" + port)).isInstanceOf(ClusterUnreachableException.class);
  }

  @Test
  @Order(2)
  void aTaskManagerKilledMidSweepLosesNoVariantAndChangesNoNumber() throws Exception {
    Path spec = TinySweep.writeSpec(workDir, "fault", "none, 2, 4", "0, 0.5, 0.8, 0.9", "32, 8, 4", 4);
    Path out = workDir.resolve("fault-runs");
    ArtifactStore store = new ArtifactStore(out.resolve("artifacts").toString());
    AtomicReference<String> killed = new AtomicReference<>("not yet");
    Thread saboteur = new Thread(() -> {
      try {
        // Once the students are trained and pruning has begun, a TaskManager dies with its work.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (store.keys(io.edgesweep.compress.PruneStage.NAME).size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        cluster.kill("taskmanager-2");
        killed.set("taskmanager-2 killed after " + store.keys(io.edgesweep.compress.PruneStage.NAME).size() + " prunes, "
            + store.keys(StageKinds.EVALUATION).size() + " evaluations");
        cluster.addTaskManager(Duration.ofMinutes(2));
      } catch (Exception e) {
        killed.set("saboteur failed: " + e);
      }
    }, "kill-a-taskmanager");
    saboteur.start();
    SweepJob.Outcome outcome = SweepJob.runToCompletion(clusterOptions(spec, out), "test", System.out::println,
        new ClusterTarget(ClusterSubmission.connect(cluster.flinkMaster()), Staging.thinJar(BUILD, workDir.resolve("jars"))));
    saboteur.join();
    System.out.println("[fault] " + killed.get() + "; " + outcome.counts().describe(outcome.plan().grid()));
    assertThat(killed.get()).startsWith("taskmanager-2 killed");
    assertThat(Files.readString(cluster.logDir().resolve("jobmanager.log"))).contains("will be restarted");

    // Every variant exactly once: 3 temperatures x 4 ratios x 3 widths.
    Map<String, Map<String, Object>> rows = TinySweep.rows(outcome.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows).hasSize(36);
    Set<String> coordinates = new HashSet<>();
    for (Map<String, Object> row : rows.values()) {
      assertThat(coordinates.add(row.get("temperature_label") + "/" + row.get("pruning_ratio") + "/" + row.get("weights"))).isTrue();
    }
    // Each distinct stage ran to completion once in the attempt that finished: computed there,
    // or found in the store where an earlier, killed attempt had already finished it.
    StageCounts c = outcome.counts();
    assertThat(c.get("distill_computed") + c.get("distill_reused")).isEqualTo(3);
    assertThat(c.get("prune_computed") + c.get("prune_reused")).isEqualTo(9);
    assertThat(c.get("evaluate_computed") + c.get("evaluate_reused")).isEqualTo(outcome.plan().grid().leaves());

    // The same numbers as the embedded runner computes from an empty store.
    SweepJob.Outcome local = SweepJob.runToCompletion(TinySweep.options(spec, workDir.resolve("fault-local"), TinySweep.flinkLocal()), "test", m -> {});
    Map<String, Map<String, Object>> reference = TinySweep.rows(local.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows.keySet()).isEqualTo(reference.keySet());
    for (String id : rows.keySet()) {
      for (Map.Entry<String, Object> cell : rows.get(id).entrySet()) {
        Object expected = reference.get(id).get(cell.getKey());
        if (cell.getValue() instanceof Double d) {
          assertThat(d).as(id + " " + cell.getKey()).isCloseTo((Double) expected, within(1e-6));
        } else {
          assertThat(cell.getValue()).as(id + " " + cell.getKey()).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  @Order(3)
  void aJobThatFailsOnTheClusterNamesItsCauseAndLeavesNoRunFolder() throws Exception {
    Path spec = TinySweep.writeSpec(workDir, "corrupt", "none", "0", "32", 1);
    Path out = workDir.resolve("corrupt-runs");
    SweepOptions options = clusterOptions(spec, out);
    // The teacher the job will read from the store is corrupt: its parameters do not match the
    // hash in its manifest. The client's checks pass; the job fails on the TaskManagers.
    SweepPlan plan = SweepPlan.prepare(options, "test");
    ArtifactStore store = plan.settings().store();
    store.put(StageKinds.TEACHER, plan.teacher().key(), Map.of(
        "manifest.json", ("{\"format\":\"edgesweep-model/1\",\"arch\":\"mlp:784-64-10\",\"parameterCount\":0,\"nonZeroParameters\":0,"
            + "\"parametersSha256\":\"00\",\"lineage\":[],\"provenance\":{},\"metrics\":{}}").getBytes(StandardCharsets.UTF_8),
        "parameters.safetensors", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> SweepJob.runToCompletion(options, "test", System.out::println,
        new ClusterTarget(ClusterSubmission.connect(cluster.flinkMaster()), Staging.thinJar(BUILD, workDir.resolve("jars")))))
        .hasStackTraceContaining("parameters.safetensors");
    assertThat(out.resolve("corrupt")).doesNotExist();
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("staging"));
    }
  }

  private static SweepOptions clusterOptions(Path spec, Path out) {
    return TinySweep.options(spec, out, "--runner=FlinkRunner", "--flinkMaster=" + cluster.flinkMaster(), "--parallelism=2", "--djlThreads=1");
  }
}
