package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.cluster.ClusterException;
import io.edgesweep.cluster.ClusterProcess;
import io.edgesweep.cluster.ClusterSettings;
import io.edgesweep.cluster.ClusterStatus;
import io.edgesweep.cluster.ClusterSubmission;
import io.edgesweep.cluster.FlinkRest;
import io.edgesweep.cluster.LocalCluster;
import io.edgesweep.cluster.ProjectBuild;
import io.edgesweep.cluster.PyTorchCheck;
import io.edgesweep.cluster.Staging;
import io.edgesweep.cluster.SubmittedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep cluster ...}: a Flink session cluster on this machine, to submit sweeps to. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Start, inspect and stop a Flink 1.19 session cluster on this machine (JobManager with web UI, TaskManagers),",
      "configured by flink-conf/config.yaml. Its TaskManagers have DJL and PyTorch on their class path, so jobs",
      "submitted to it ship only edgesweep's own classes. See docs/cluster.md."
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Status.class,
      ClusterCommand.Stop.class,
      ClusterCommand.AddTaskManager.class,
      ClusterCommand.Check.class,
      ClusterCommand.Predict.class
    })
public final class ClusterCommand implements Runnable {
  static final String DEFAULT_WORK_DIR = "runs/cluster";

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start a JobManager and TaskManagers; return when all TaskManagers have registered.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--taskmanagers", defaultValue = "2", description = "TaskManager JVMs to start. Default: ${DEFAULT-VALUE}.")
    int taskManagers;

    @Option(names = "--conf", description = "Flink configuration folder (config.yaml, log4j.properties). Default: flink-conf/ of this repository.")
    Path conf;

    @Option(names = "--work-dir", defaultValue = DEFAULT_WORK_DIR,
        description = "Folder for the cluster's state file, logs/ and temporary files. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--rest-port", description = "REST API and web UI port; 0 for any free port. Default: rest.port of the configuration (8081).")
    Integer restPort;

    @Option(names = "--rpc-port", description = "JobManager RPC port; 0 for any free port. Default: jobmanager.rpc.port of the configuration (6123).")
    Integer rpcPort;

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for the TaskManagers to register. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
      ProjectBuild build = ProjectBuild.locate();
      Path confDir = conf == null ? build.defaultConfDir() : conf;
      ClusterSettings settings = new ClusterSettings(confDir, workDir, taskManagers, restPort, rpcPort,
          Duration.ofSeconds(timeoutSeconds));
      LocalCluster cluster = LocalCluster.start(settings, build, System.out::println);
      System.out.printf("web UI:       %s%n", cluster.webUi());
      System.out.printf("submit with:  --flink-master %s%n", cluster.flinkMaster());
      System.out.printf("logs:         %s%n", cluster.logDir());
      System.out.printf("stop with:    edgesweep cluster stop%s%n", workDirFlag(workDir));
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the processes the cluster was started with, the TaskManagers and slots the JobManager reports, and running jobs.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--work-dir", defaultValue = DEFAULT_WORK_DIR, description = "The cluster's work folder. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Override
    public Integer call() {
      Optional<LocalCluster> found = LocalCluster.find(workDir, ProjectBuild.locate());
      if (found.isEmpty()) {
        System.out.println("no cluster started from " + workDir.toAbsolutePath().normalize());
        return 3;
      }
      LocalCluster cluster = found.get();
      ClusterStatus status = cluster.status();
      System.out.println("processes (started from " + cluster.workDir() + "):");
      for (Map.Entry<ClusterProcess, Boolean> e : status.processes().entrySet()) {
        ClusterProcess p = e.getKey();
        System.out.printf("  %-16s pid %-8d %-12s %s%n", p.name(), p.pid(), e.getValue() ? "running" : "NOT RUNNING", p.logFile());
      }
      System.out.println("web UI: " + status.webUi());
      if (status.overview() == null) {
        System.out.println("JobManager: " + status.restProblem());
        return 1;
      }
      FlinkRest.Overview o = status.overview();
      System.out.printf("JobManager (Flink %s): %d TaskManager(s), %d slot(s), %d free%n",
          o.flinkVersion(), o.taskManagers(), o.slotsTotal(), o.slotsAvailable());
      for (FlinkRest.TaskManagerInfo tm : status.taskManagers()) {
        String heartbeat = tm.lastHeartbeatEpochMillis() <= 0 ? ""
            : String.format(", last heartbeat %.0f s ago", Math.max(0, System.currentTimeMillis() - tm.lastHeartbeatEpochMillis()) / 1000.0);
        System.out.printf("  %-16s %d slot(s), %d free%s%n", tm.id(), tm.slots(), tm.freeSlots(), heartbeat);
      }
      if (status.runningJobs().isEmpty()) {
        System.out.println("no running jobs");
      }
      for (FlinkRest.JobSummary job : status.runningJobs()) {
        System.out.printf("job %s %s %s: %d/%d tasks finished, %.0f s%n", job.id(), job.name(), job.state(),
            job.tasksFinished(), job.tasksTotal(), job.durationMillis() / 1000.0);
      }
      boolean allRunning = status.processes().values().stream().allMatch(Boolean::booleanValue);
      return allRunning ? 0 : 1;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop exactly the processes 'cluster start' started (SIGTERM, then SIGKILL after the grace period). Logs are kept.")
  static final class Stop implements Callable<Integer> {
    @Option(names = "--work-dir", defaultValue = DEFAULT_WORK_DIR, description = "The cluster's work folder. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--grace", defaultValue = "30", description = "Seconds to wait after SIGTERM before SIGKILL. Default: ${DEFAULT-VALUE}.")
    int graceSeconds;

    @Override
    public Integer call() {
      Optional<LocalCluster> found = LocalCluster.find(workDir, ProjectBuild.locate());
      if (found.isEmpty()) {
        System.out.println("no cluster started from " + workDir.toAbsolutePath().normalize() + "; nothing to stop");
        return 0;
      }
      List<String> report = found.get().stop(Duration.ofSeconds(graceSeconds), System.out::println);
      report.forEach(System.out::println);
      System.out.println("logs kept in " + found.get().logDir());
      return 0;
    }
  }

  @Command(name = "add-taskmanager", mixinStandardHelpOptions = true,
      description = "Start one more TaskManager for the running cluster (e.g. to replace one that died) and wait until it has registered.")
  static final class AddTaskManager implements Callable<Integer> {
    @Option(names = "--work-dir", defaultValue = DEFAULT_WORK_DIR, description = "The cluster's work folder. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for it to register. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
      LocalCluster cluster = LocalCluster.attach(workDir, ProjectBuild.locate());
      ClusterProcess added = cluster.addTaskManager(Duration.ofSeconds(timeoutSeconds));
      System.out.printf("%s (pid %d) registered; log %s%n", added.name(), added.pid(), added.logFile());
      return 0;
    }
  }

  @Command(name = "predict", mixinStandardHelpOptions = true,
      description = {
        "Predict a finished sweep's job time on more task slots (one core each) from its run.json: stage widths,",
        "per-task times and the barriers between stages (ScalingModel, docs/performance.md)."
      })
  static final class Predict implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A run folder (with run.json), e.g. runs/fashion-mlp-bench.")
    Path run;

    @Option(names = "--slots", split = ",", defaultValue = "1,2,3,10,100", description = "Slot counts to predict for. Default: ${DEFAULT-VALUE}.")
    List<Integer> slots;

    @Option(names = "--cores", description = "Cores the slots share (e.g. TaskManagers on one machine); default: one core per slot.")
    Integer cores;

    @Override
    public Integer call() throws IOException {
      if (cores != null && cores < 1) {
        throw new InvalidInputException("--cores", String.valueOf(cores), "must be at least 1");
      }
      Path runJson = Files.isDirectory(run) ? run.resolve("run.json") : run;
      if (!Files.isRegularFile(runJson)) {
        throw new InvalidInputException("--run", run.toString(), "has no run.json");
      }
      io.edgesweep.cluster.ScalingModel model = io.edgesweep.cluster.ScalingModel.of(runJson);
      System.out.printf("measured: %.1f s on %d slot(s), of which %.1f s outside stage tasks; widest stage %d tasks; %.1f slot-seconds of tasks%n",
          model.measuredSeconds(), model.measuredSlots(), model.overheadSeconds(), model.widestStage(), model.workSeconds());
      System.out.println("slots  predicted s  speedup vs 1  slot time in tasks");
      for (int n : slots) {
        if (n < 1) {
          throw new InvalidInputException("--slots", String.valueOf(n), "must be at least 1");
        }
        io.edgesweep.cluster.ScalingModel.Prediction p = cores == null ? model.predict(n) : model.predict(n, cores);
        System.out.printf("%5d  %11.1f  %12.2f  %17.0f%%%s%n", n, p.seconds(), p.speedup(), 100 * p.slotUse(),
            n > model.widestStage() ? "  (more slots than the widest stage: the extra slots idle)" : "");
      }
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {
        "Submit a small Beam job that builds LeNet-5 models in DJL's PyTorch engine on the TaskManagers, and compare",
        "their logits with this machine's. Prints the submit time, so stagings can be compared."
      })
  static final class Check implements Callable<Integer> {
    @Option(names = "--flink-master", description = "host:port of the JobManager's REST API. Default: the cluster started from --work-dir.")
    String flinkMaster;

    @Option(names = "--work-dir", defaultValue = DEFAULT_WORK_DIR, description = "The local cluster's work folder. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--stage", defaultValue = "thin",
        description = "What to stage: thin (edgesweep's classes only; the TaskManagers have the rest), classpath (every jar, "
            + "as the FlinkRunner does by default), bundled (the -bundled jar of mvn package -Pbundled), or a jar file. Default: ${DEFAULT-VALUE}.")
    String stage;

    @Option(names = "--models", defaultValue = "8", description = "Models to build, one per element. Default: ${DEFAULT-VALUE}.")
    int models;

    @Option(names = "--scratch",
        description = "Folder the TaskManagers write the logits to and this command reads them from (shared by all machines "
            + "of the cluster). Default: <work-dir>/check.")
    Path scratch;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for the job. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
      if (models < 1) {
        throw new InvalidInputException("--models", null, "must be at least 1, got " + models);
      }
      ProjectBuild build = ProjectBuild.locate();
      String master = flinkMaster != null ? flinkMaster
          : LocalCluster.attach(workDir, build).flinkMaster();
      ClusterSubmission submission = ClusterSubmission.connect(master);
      Path scratchDir = (scratch == null ? workDir.resolve("check") : scratch).toAbsolutePath().normalize();
      Path output = scratchDir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
      Staging staging = staging(build, scratchDir);
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
      PyTorchCheck.addTo(pipeline, models, output.toString());
      System.out.printf("submitting to %s (%d slots) ...%n", submission.flinkMaster(), submission.slotsTotal());
      SubmittedJob job = submission.submit(pipeline, staging);
      System.out.printf("submitted in %.2f s, staging %s%n", job.submitTime().toMillis() / 1000.0, job.staged());
      System.out.println("job " + job.jobId() + ": " + job.webPage());
      long begin = System.nanoTime();
      job.waitUntilFinish(Duration.ofSeconds(timeoutSeconds),
          s -> System.out.printf("  %-9s %d/%d tasks finished%n", s.state(), s.tasksFinished(), s.tasksTotal()));
      double seconds = (System.nanoTime() - begin) / 1e9;
      Map<Integer, PyTorchCheck.Computed> computed = PyTorchCheck.read(output);
      List<String> problems = PyTorchCheck.differences(computed, models);
      TreeSet<Long> pids = computed.values().stream().map(PyTorchCheck.Computed::pid).collect(Collectors.toCollection(TreeSet::new));
      deleteRecursively(output);
      if (!problems.isEmpty()) {
        throw new ClusterException("the cluster's logits differ from this machine's: " + String.join("; ", problems));
      }
      System.out.printf("ran in %.1f s: %d LeNet-5 models built in PyTorch by %d process(es) (pids %s); every logit matches this machine's%n",
          seconds, models, pids.size(), pids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      return 0;
    }

    private Staging staging(ProjectBuild build, Path scratchDir) {
      switch (stage) {
        case "thin":
          return Staging.thinJar(build, scratchDir);
        case "classpath":
          return Staging.fullClasspath(build, scratchDir);
        case "bundled":
          Path jar = build.bundledJar().orElseThrow(() -> new InvalidInputException("--stage bundled", null,
              "no -bundled jar in pipeline/target; build it with mvn -B -o -Pbundled -DskipTests package"));
          return Staging.files(List.of(jar), "bundled jar");
        default:
          Path file = Path.of(stage);
          if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--stage " + stage, null, "must be thin, classpath, bundled or an existing jar file");
          }
          return Staging.files(List.of(file), file.getFileName().toString());
      }
    }
  }

  private static String workDirFlag(Path workDir) {
    return workDir.equals(Path.of(DEFAULT_WORK_DIR)) ? "" : " --work-dir " + workDir;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
