package io.edgesweep.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flink session cluster on this machine: one JobManager JVM
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManager JVMs ({@code TaskManagerRunner}),
 * started from a configuration folder on edgesweep's dependency class path.
 *
 * <p>Every process it starts is recorded in {@code <work dir>/cluster.json} before anything waits
 * on it, so that {@link #stop} finds all of them even after a failed start or from another JVM, and
 * signals only those (see {@link ClusterProcess}). The TaskManagers carry DJL and PyTorch's native
 * library on their class path, so a job ships only edgesweep's own classes.
 */
public final class LocalCluster {
  public static final String JOB_MANAGER = "jobmanager";
  static final String TASK_MANAGER_PREFIX = "taskmanager-";
  static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration KILL_WAIT = Duration.ofSeconds(15);

  private final ProjectBuild build;
  private ClusterState state;
  /** The JVMs this object started, by name: their exit codes, should one exit during the start. */
  private final Map<String, Process> children = new HashMap<>();

  private LocalCluster(ProjectBuild build, ClusterState state) {
    this.build = build;
    this.state = state;
  }

  /**
   * Starts a JobManager and {@code settings.taskManagers()} TaskManagers and returns once the REST
   * API lists every one of them.
   *
   * <p>If anything fails on the way (a port taken, a JVM that exits, registration that times out)
   * the processes started so far are stopped again and the exception names the log to read.
   *
   * @param progress receives one line per step, for the user
   */
  public static LocalCluster start(ClusterSettings settings, ProjectBuild build, Consumer<String> progress) {
    Path workDir = settings.workDir();
    Optional<ClusterState> previous = ClusterState.read(workDir);
    if (previous.isPresent()) {
      List<ClusterProcess> running = previous.get().processes().stream().filter(p -> p.isRunning(workDir)).toList();
      if (!running.isEmpty()) {
        throw new ClusterException("a cluster started from " + workDir + " is still running ("
            + describe(running) + ", web UI http://localhost:" + previous.get().restPort()
            + "/); stop it first with: edgesweep cluster stop --work-dir " + workDir);
      }
    }
    ClusterConfig file = ClusterConfig.load(settings.confDir(), Map.of());
    int restPort = LocalPorts.choose("--rest-port", settings.restPort() == null ? file.restPort() : settings.restPort());
    int rpcPort = LocalPorts.choose("--rpc-port", settings.rpcPort() == null ? file.rpcPort() : settings.rpcPort());
    if (restPort == rpcPort) {
      throw new io.edgesweep.InvalidInputException("--rpc-port " + rpcPort, null, "must differ from the REST port");
    }
    deleteRecursively(workDir.resolve("tmp"));
    LocalCluster cluster = new LocalCluster(build,
        new ClusterState(workDir, settings.confDir(), restPort, rpcPort, List.of()));
    cluster.state.write();
    Instant begin = Instant.now();
    try {
      ClusterProcess jobManager = cluster.launchJobManager();
      progress.accept("started the JobManager (pid " + jobManager.pid() + "), log " + jobManager.logFile());
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= settings.taskManagers(); i++) {
        ClusterProcess taskManager = cluster.launchTaskManager(i);
        names.add(taskManager.name());
        progress.accept("started " + taskManager.name() + " (pid " + taskManager.pid() + "), log " + taskManager.logFile());
      }
      progress.accept("waiting for " + names.size() + " TaskManager(s) to register with the JobManager at "
          + cluster.webUi() + " ...");
      cluster.awaitRegistered(names, settings.startTimeout());
      progress.accept(String.format("cluster ready in %.1f s", Duration.between(begin, Instant.now()).toMillis() / 1000.0));
      return cluster;
    } catch (RuntimeException e) {
      try {
        cluster.stop(Duration.ofSeconds(10), line -> {});
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
  }

  /** The cluster recorded in {@code workDir}, if one was started there and not stopped. */
  public static Optional<LocalCluster> find(Path workDir, ProjectBuild build) {
    Path dir = workDir.toAbsolutePath().normalize();
    return ClusterState.read(dir).map(state -> new LocalCluster(build, state));
  }

  /** The cluster recorded in {@code workDir}; fails with a hint when there is none. */
  public static LocalCluster attach(Path workDir, ProjectBuild build) {
    return find(workDir, build).orElseThrow(() -> new ClusterException("no cluster was started from "
        + workDir.toAbsolutePath().normalize() + " (no " + ClusterState.FILE_NAME
        + "); start one with: edgesweep cluster start --work-dir " + workDir));
  }

  public Path workDir() {
    return state.workDir();
  }

  public Path logDir() {
    return state.workDir().resolve("logs");
  }

  public Path confDir() {
    return state.confDir();
  }

  /** What {@code --flink-master} takes to submit to this cluster. */
  public String flinkMaster() {
    return "localhost:" + state.restPort();
  }

  public int restPort() {
    return state.restPort();
  }

  public URI webUi() {
    return URI.create("http://localhost:" + state.restPort() + "/");
  }

  public FlinkRest rest() {
    return FlinkRest.of("localhost", state.restPort());
  }

  /** Every process this cluster started, running or not, in start order. */
  public List<ClusterProcess> processes() {
    return state.processes();
  }

  public List<ClusterProcess> taskManagers() {
    return state.processes().stream().filter(p -> p.name().startsWith(TASK_MANAGER_PREFIX)).toList();
  }

  public boolean isRunning(ClusterProcess process) {
    return process.isRunning(state.workDir());
  }

  /**
   * Starts one more TaskManager (named after the highest number so far) and waits until it has
   * registered; the fault test uses it to replace one it killed.
   */
  public ClusterProcess addTaskManager(Duration timeout) {
    ClusterProcess jobManager = state.process(JOB_MANAGER).orElseThrow();
    if (!jobManager.isRunning(state.workDir())) {
      throw new ClusterException("the JobManager of the cluster in " + state.workDir() + " is not running (pid "
          + jobManager.pid() + "); see " + jobManager.logFile());
    }
    int next = taskManagers().stream()
        .mapToInt(p -> Integer.parseInt(p.name().substring(TASK_MANAGER_PREFIX.length())))
        .max().orElse(0) + 1;
    ClusterProcess taskManager = launchTaskManager(next);
    awaitRegistered(List.of(taskManager.name()), timeout);
    return taskManager;
  }

  /**
   * Kills one of this cluster's processes with SIGKILL, as a crash would, and waits until it is gone.
   * It stays in the record, shown as not running.
   */
  public void kill(String name) {
    ClusterProcess process = state.process(name).orElseThrow(() -> new ClusterException(
        "the cluster in " + state.workDir() + " has no process named " + name + " (it has "
            + state.processes().stream().map(ClusterProcess::name).collect(Collectors.joining(", ")) + ")"));
    Optional<ProcessHandle> handle = process.handle(state.workDir());
    if (handle.isEmpty()) {
      throw new ClusterException(name + " (pid " + process.pid() + ") is not running");
    }
    handle.get().destroyForcibly();
    awaitExit(List.of(handle.get()), KILL_WAIT);
  }

  /**
   * Stops every process this cluster started that still runs: SIGTERM, then SIGKILL for any still
   * alive after {@code grace}. Forgets the cluster and deletes its temporary files; keeps the logs.
   *
   * @return one line per recorded process saying what happened to it
   */
  public List<String> stop(Duration grace, Consumer<String> progress) {
    Map<ClusterProcess, ProcessHandle> running = new LinkedHashMap<>();
    List<String> report = new ArrayList<>();
    for (ClusterProcess p : state.processes()) {
      Optional<ProcessHandle> handle = p.handle(state.workDir());
      if (handle.isPresent()) {
        running.put(p, handle.get());
      } else {
        report.add(p.name() + " (pid " + p.pid() + ") was not running");
      }
    }
    if (!running.isEmpty()) {
      progress.accept("stopping " + describe(List.copyOf(running.keySet())) + " ...");
    }
    running.values().forEach(ProcessHandle::destroy);
    Set<ProcessHandle> left = awaitExit(running.values(), grace);
    for (Map.Entry<ClusterProcess, ProcessHandle> e : running.entrySet()) {
      if (left.contains(e.getValue())) {
        e.getValue().destroyForcibly();
        report.add(e.getKey().name() + " (pid " + e.getKey().pid() + ") killed: still running " + grace.toSeconds()
            + " s after SIGTERM");
      } else {
        report.add(e.getKey().name() + " (pid " + e.getKey().pid() + ") stopped");
      }
    }
    Set<ProcessHandle> survivors = awaitExit(left, KILL_WAIT);
    if (!survivors.isEmpty()) {
      throw new ClusterException("processes " + survivors.stream().map(h -> Long.toString(h.pid()))
          .collect(Collectors.joining(", ")) + " survived SIGKILL for " + KILL_WAIT.toSeconds() + " s");
    }
    deleteRecursively(state.workDir().resolve("tmp"));
    state.delete();
    return report;
  }

  /** Processes (running or not), the TaskManagers and slots the REST API reports, and running jobs. */
  public ClusterStatus status() {
    Map<ClusterProcess, Boolean> processes = new LinkedHashMap<>();
    for (ClusterProcess p : state.processes()) {
      processes.put(p, p.isRunning(state.workDir()));
    }
    FlinkRest rest = rest();
    try {
      return new ClusterStatus(webUi(), processes, rest.overview(), rest.taskManagers(),
          rest.jobs().stream().filter(j -> !j.isTerminal()).toList(), null);
    } catch (ClusterException e) {
      return new ClusterStatus(webUi(), processes, null, List.of(), List.of(), e.getMessage());
    }
  }

  private ClusterProcess launchJobManager() {
    Path tmp = state.workDir().resolve("tmp").resolve(JOB_MANAGER);
    Map<String, String> overrides = new LinkedHashMap<>(ports());
    overrides.put("io.tmp.dirs", tmp.toString());
    overrides.put("blob.storage.directory", tmp.resolve("blobs").toString());
    overrides.put("web.tmpdir", tmp.resolve("web").toString());
    ClusterConfig config = ClusterConfig.load(state.confDir(), overrides);
    List<String> arguments = new ArrayList<>(List.of("--configDir", config.confDir().toString()));
    arguments.addAll(ClusterConfig.asArguments(overrides));
    arguments.addAll(config.jobManagerArguments());
    return launch(JOB_MANAGER, config, config.jobManagerJvmOptions(), JOB_MANAGER_MAIN, arguments, tmp);
  }

  private ClusterProcess launchTaskManager(int number) {
    String name = TASK_MANAGER_PREFIX + number;
    Path tmp = state.workDir().resolve("tmp").resolve(name);
    Map<String, String> overrides = new LinkedHashMap<>(ports());
    overrides.put("io.tmp.dirs", tmp.toString());
    overrides.put("blob.storage.directory", tmp.resolve("blobs").toString());
    overrides.put("taskmanager.resource-id", name);
    ClusterConfig config = ClusterConfig.load(state.confDir(), overrides);
    List<String> arguments = new ArrayList<>(List.of("--configDir", config.confDir().toString()));
    arguments.addAll(ClusterConfig.asArguments(overrides));
    arguments.addAll(config.taskManagerArguments());
    return launch(name, config, config.taskManagerJvmOptions(), TASK_MANAGER_MAIN, arguments, tmp);
  }

  private ClusterProcess launch(String name, ClusterConfig config, List<String> jvmOptions, String mainClass,
      List<String> arguments, Path tmp) {
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new ClusterException("cannot create " + tmp + ": " + e.getMessage(), e);
    }
    JvmStarter starter = new JvmStarter(state.workDir(), build.dependencyClasspath(), config.log4jFile());
    // The JVM's own temporary files (native libraries that lz4-java, ONNX Runtime and others unpack)
    // in the process's folder, which stop deletes, not in /tmp; first, so a -Djava.io.tmpdir in
    // the configuration's JVM options still wins.
    List<String> options = new ArrayList<>();
    options.add("-Djava.io.tmpdir=" + tmp);
    options.addAll(jvmOptions);
    JvmStarter.Launched launched = starter.start(name, options, mainClass, arguments);
    ClusterProcess process = launched.process();
    children.put(name, launched.child());
    state = state.with(process);
    state.write();
    return process;
  }

  private Map<String, String> ports() {
    Map<String, String> ports = new LinkedHashMap<>();
    ports.put("rest.port", Integer.toString(state.restPort()));
    ports.put("jobmanager.rpc.port", Integer.toString(state.rpcPort()));
    return ports;
  }

  /** Waits until the REST API lists every TaskManager in {@code names}, failing early if a process exits. */
  private void awaitRegistered(List<String> names, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastProblem = "the REST API did not answer yet";
    while (true) {
      for (ClusterProcess p : state.processes()) {
        boolean watched = p.name().equals(JOB_MANAGER) || names.contains(p.name());
        if (watched && hasExited(p)) {
          throw new ClusterException(p.name() + " (pid " + p.pid() + ") exited during start" + exitStatus(p)
              + ExitDiagnosis.lastProblem(List.of(p.outFile(), p.logFile())).map(s -> ": " + s).orElse("")
              + "; see " + p.logFile() + " and " + p.outFile());
        }
      }
      try {
        Set<String> registered = rest().taskManagers().stream().map(FlinkRest.TaskManagerInfo::id)
            .collect(Collectors.toSet());
        if (registered.containsAll(names)) {
          return;
        }
        List<String> missing = names.stream().filter(n -> !registered.contains(n)).toList();
        lastProblem = "not registered yet: " + String.join(", ", missing);
      } catch (ClusterException e) {
        lastProblem = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        String logs = state.processes().stream()
            .filter(p -> p.name().equals(JOB_MANAGER) || names.contains(p.name()))
            .map(p -> p.logFile().toString()).collect(Collectors.joining(", "));
        throw new ClusterException("the cluster did not become ready within " + timeout.toSeconds() + " s ("
            + lastProblem + "); see the logs in " + logDir() + " (" + logs + ")");
      }
      sleep(POLL);
    }
  }

  /**
   * Whether {@code p} has exited: for a JVM this object started, what its child process handle says
   * (exact, and it has the exit code); for one started by another command, whether its pid still
   * runs our tagged command line.
   */
  private boolean hasExited(ClusterProcess p) {
    return startedHere(p).map(child -> !child.isAlive()).orElseGet(() -> !p.isRunning(state.workDir()));
  }

  /** ", exit code N (...)" when this object started {@code p} and it has exited; empty otherwise. */
  private String exitStatus(ClusterProcess p) {
    Optional<Process> child = startedHere(p);
    try {
      if (child.isPresent() && child.get().waitFor(2, TimeUnit.SECONDS)) {
        return " with " + ExitDiagnosis.exitStatus(child.get().exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }

  /** The child process handle of {@code p} when this object started it (same name and pid). */
  private Optional<Process> startedHere(ClusterProcess p) {
    return Optional.ofNullable(children.get(p.name())).filter(child -> child.pid() == p.pid());
  }

  /** Waits up to {@code timeout} for the processes to exit; returns those still alive. */
  private static Set<ProcessHandle> awaitExit(java.util.Collection<ProcessHandle> handles, Duration timeout) {
    List<CompletableFuture<ProcessHandle>> exits = handles.stream().map(ProcessHandle::onExit).toList();
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Some are still alive; the caller decides.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return handles.stream().filter(ProcessHandle::isAlive).collect(Collectors.toSet());
  }

  private static String describe(List<ClusterProcess> processes) {
    return processes.stream().map(p -> p.name() + " pid " + p.pid()).collect(Collectors.joining(", "));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while waiting for the cluster", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new ClusterException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
