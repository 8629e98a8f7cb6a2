package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real session cluster (a JobManager and two TaskManagers as separate JVMs, on free ports)
 * runs Beam jobs through the FlinkRunner: PyTorch models built on both TaskManagers from a thin
 * job jar, the same job staging the whole class path, a failing job, and a TaskManager killed
 * and replaced. Every process started here is stopped at the end, also when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  private static final int MODELS = 8;

  private static final ProjectBuild BUILD = ProjectBuild.locate();
  private static Path workDir;
  private static LocalCluster cluster;
  private static Thread lastResort;
  private static Duration thinSubmitTime;

  @BeforeAll
  static void startCluster() throws Exception {
    workDir = Files.createDirectories(BUILD.root().resolve("pipeline/target/it-cluster"));
    ClusterState.read(workDir).ifPresent(stale -> new LocalClusterStopper(workDir, BUILD).run());
    // Stops the cluster if this JVM is ended before @AfterAll runs (Ctrl-C, failsafe timeout).
    lastResort = new Thread(new LocalClusterStopper(workDir, BUILD), "stop-test-cluster");
    Runtime.getRuntime().addShutdownHook(lastResort);
    long begin = System.nanoTime();
    cluster = LocalCluster.start(ClusterSettings.onFreePorts(BUILD.defaultConfDir(), workDir, 2), BUILD, System.out::println);
    System.out.printf("[cluster] 1 JobManager + 2 TaskManagers ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
  }

  @AfterAll
  static void stopCluster() {
    try {
      if (cluster != null) {
        List<ClusterProcess> started = cluster.processes();
        cluster.stop(Duration.ofSeconds(30), System.out::println).forEach(System.out::println);
        assertThat(started).noneMatch(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertThat(ClusterState.read(workDir)).isEmpty();
        // Once stopped, a submission to it fails fast instead of hanging in Flink's retries.
        long begin = System.nanoTime();
        assertThatThrownBy(() -> ClusterSubmission.connect(cluster.flinkMaster())).isInstanceOf(ClusterUnreachableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(lastResort);
    }
  }

  @Test
  @Order(1)
  void restApiReportsBothTaskManagersAndTheWebUiServesTheDashboard() {
    FlinkRest rest = cluster.rest();
    assertThat(rest.overview().taskManagers()).isEqualTo(2);
    assertThat(rest.overview().slotsTotal()).isEqualTo(2);
    assertThat(rest.overview().flinkVersion()).isEqualTo("1.19.0");
    assertThat(rest.taskManagers()).extracting(FlinkRest.TaskManagerInfo::id).containsExactlyInAnyOrder("taskmanager-1", "taskmanager-2");
    assertThat(rest.dashboardHtml()).contains("<title>Apache Flink Web Dashboard</title>");
    assertThat(cluster.logDir().resolve("jobmanager.log")).isNotEmptyFile();
    assertThat(cluster.logDir().resolve("taskmanager-1.log")).isNotEmptyFile();
    // Each JVM's own temporary files (unpacked native libraries) go to its folder, which stop deletes.
    for (ClusterProcess p : cluster.processes()) {
      assertThat(ClusterProcess.arguments(ProcessHandle.of(p.pid()).orElseThrow()))
          .contains("-Djava.io.tmpdir=" + workDir.resolve("tmp").resolve(p.name()));
    }
  }

  @Test
  @Order(2)
  void bothTaskManagersBuildPyTorchModelsFromAThinJobJar() throws Exception {
    ClusterSubmission submission = ClusterSubmission.connect(cluster.flinkMaster());
    Path output = workDir.resolve("check-thin");
    SubmittedJob job = runCheck(submission, Staging.thinJar(BUILD, workDir.resolve("staging")), output);
    thinSubmitTime = job.submitTime();
    assertThat(job.staged()).startsWith("thin job jar");
    assertThat(workDir.resolve("staging")).isEmptyDirectory();

    Map<Integer, PyTorchCheck.Computed> computed = PyTorchCheck.read(output);
    assertThat(PyTorchCheck.differences(computed, MODELS)).isEmpty();
    Set<Long> pids = computed.values().stream().map(PyTorchCheck.Computed::pid).collect(Collectors.toSet());
    assertThat(pids).containsExactlyInAnyOrderElementsOf(pidsOf("taskmanager-1", "taskmanager-2"));
    assertThat(pids).doesNotContain(ProcessHandle.current().pid());
  }

  @Test
  @Order(3)
  void stagingTheWholeClassPathWorksButSubmitsSlower() throws Exception {
    ClusterSubmission submission = ClusterSubmission.connect(cluster.flinkMaster());
    Path output = workDir.resolve("check-classpath");
    SubmittedJob job = runCheck(submission, Staging.fullClasspath(BUILD, workDir.resolve("staging")), output);
    // The jobs ship DJL now, yet it resolves from the TaskManagers' class path (classloader.parent-first-patterns)
    // and PyTorch's native library, already loaded by the previous job, loads no second time.
    assertThat(PyTorchCheck.differences(PyTorchCheck.read(output), MODELS)).isEmpty();
    System.out.printf("[submit time] thin job jar: %.2f s; %s: %.2f s%n",
        thinSubmitTime.toMillis() / 1000.0, job.staged(), job.submitTime().toMillis() / 1000.0);
    assertThat(job.submitTime()).isGreaterThan(thinSubmitTime);
  }

  @Test
  @Order(4)
  void aFailingJobReportsItsCause() throws Exception {
    ClusterSubmission submission = ClusterSubmission.connect(cluster.flinkMaster());
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline.apply("CreateTeachers", Create.of("teacher.bin")).apply("LoadTeacher", ParDo.of(new RejectTeacherFn()));
    JobJar jar = JobJar.pack(withTestClasses(), Files.createTempFile(workDir, "job-with-tests-", ".jar"));
    try {
      SubmittedJob job = submission.submit(pipeline, Staging.files(List.of(jar.file()), "job jar with test classes"));
      // Beam applies numberOfExecutionRetries to streaming jobs only: batch jobs get config.yaml's
      // restart strategy, so the job fails after its 3 restarts, 10 s apart.
      assertThatThrownBy(() -> job.waitUntilFinish(JOB_TIMEOUT, s -> {}))
          .isInstanceOf(ClusterJobFailedException.class)
          .hasMessageContaining("FAILED")
          .hasMessageContaining("teacher.bin: not a model file")
          .satisfies(e -> assertThat(((ClusterJobFailedException) e).stackTrace())
              .contains("FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=10000)"));
    } finally {
      jar.delete();
    }
  }

  @Test
  @Order(5)
  void aKilledTaskManagerIsReplaced() {
    cluster.kill("taskmanager-2");
    assertThat(cluster.isRunning(cluster.taskManagers().get(1))).isFalse();
    ClusterProcess replacement = cluster.addTaskManager(Duration.ofSeconds(120));
    assertThat(replacement.name()).isEqualTo("taskmanager-3");
    assertThat(cluster.rest().taskManagers()).extracting(FlinkRest.TaskManagerInfo::id).contains("taskmanager-1", "taskmanager-3");
    ClusterStatus status = cluster.status();
    assertThat(status.processes()).hasSize(4);
    assertThat(status.processes().entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey().name()))
        .containsExactly("taskmanager-2");
    assertThatThrownBy(() -> cluster.kill("taskmanager-2")).isInstanceOf(ClusterException.class).hasMessageContaining("not running");
  }

  private static SubmittedJob runCheck(ClusterSubmission submission, Staging staging, Path output) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PyTorchCheck.addTo(pipeline, MODELS, output.toString());
    SubmittedJob job = submission.submit(pipeline, staging);
    System.out.printf("[submit] %s in %.2f s%n", job.staged(), job.submitTime().toMillis() / 1000.0);
    long begin = System.nanoTime();
    job.waitUntilFinish(JOB_TIMEOUT, s -> System.out.printf("[job] %s %d/%d tasks%n", s.state(), s.tasksFinished(), s.tasksTotal()));
    System.out.printf("[job] finished %.1f s after submission%n", (System.nanoTime() - begin) / 1e9);
    return job;
  }

  private static List<Long> pidsOf(String... names) {
    List<Long> pids = new ArrayList<>();
    for (String name : names) {
      pids.add(cluster.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().pid());
    }
    return pids;
  }

  private static List<Path> withTestClasses() {
    List<Path> dirs = new ArrayList<>(BUILD.classesDirectories());
    dirs.add(BUILD.root().resolve("pipeline/target/test-classes"));
    return dirs;
  }

  /** Fails as a sweep's DoFn does on a corrupt teacher file. */
  static final class RejectTeacherFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element String file) {
      throw new InvalidInputException(file, null, "not a model file");
    }
  }
}
