package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.data.AtomicFiles;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.report.RunFolderSwap;
import io.edgesweep.report.RunOutputs;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKinds;
import io.edgesweep.transforms.StageRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a sweep end to end: plan on the client, run the pipeline, then move the finished run
 * folder into place.
 *
 * <p>The pipeline writes into a staging folder; only when the job has succeeded does the client
 * add the run summary and rename the folder to {@code <out>/<name>}, replacing an older run of
 * the same spec. A failed job leaves no run folder behind, and an older one untouched.
 */
public final class SweepJob {
  public static final String SUMMARY = "run.json";
  public static final String SPEC_COPY = "spec.yaml";
  /** The run.json field of each stage's wall and CPU seconds ({@link StageTimes}). */
  public static final String STAGE_TIMES = "stage_times";
  /** The run.json field of the cores' use during each stage ({@link CpuTimeline}), when the job ran in this process. */
  public static final String STAGE_CPU_USE = "stage_cpu_use";
  /** The sweep's log, kept in the run folder. */
  public static final String LOG = "sweep.log";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SweepJob() {}

  /**
   * What a finished sweep produced.
   *
   * @param cpuShare this process's CPU time over wall time times cores: how busy the machine's
   *     cores were with the sweep, meaningful when the job ran in this process (flink-local,
   *     direct); a remote cluster's work is in other processes
   * @param cpu the CPU use per stage when the job ran in this process, else null
   */
  public record Outcome(SweepPlan plan, StageCounts counts, Path runFolder, double seconds, double cpuShare, StageTimes times,
      CpuTimeline cpu) {
    /** Whether the run folder was already up to date, so nothing ran ({@link UpToDateRun}); counts and times are then null. */
    public boolean upToDate() {
      return counts == null;
    }

    /** The console line of each stage's model arithmetic and its rates ({@link StageArithmetic}); null if none did any. */
    public String arithmetic() {
      return times == null ? null : StageArithmetic.describe(times, cpu);
    }
  }

  /** Parses Beam arguments into the sweep's options, with validation ({@link SweepOptionsParser}). */
  public static SweepOptions options(String... args) {
    return SweepOptionsParser.parse(args);
  }

  /** Builds and starts the pipeline; with Flink in batch mode this returns when the job is done. */
  public static PipelineResult run(SweepOptions options, SweepPlan plan) throws IOException {
    if (options.getPlainLoop()) {
      return PlainLoop.run(plan);
    }
    Pipeline pipeline = SweepPipeline.build(Pipeline.create(options), plan);
    return pipeline.run();
  }

  /** Plans, runs with progress reports, and finishes the run folder. */
  public static Outcome runToCompletion(SweepOptions options, String command, Consumer<String> log) throws IOException {
    return runToCompletion(options, command, log, null);
  }

  /**
   * Plans, runs and finishes, submitting to a Flink cluster when {@code cluster} is given.
   *
   * @param cluster a connected cluster (connect first: an unreachable JobManager fails in seconds,
   *     before anything is planned or written) with what to stage, or null to run here
   */
  public static Outcome runToCompletion(SweepOptions options, String command, Consumer<String> log, ClusterTarget cluster)
      throws IOException {
    return runToCompletion(options, command, log, cluster, false);
  }

  /**
   * As above; with {@code reuseUpToDate}, a run folder that already holds this plan's results
   * ({@link UpToDateRun}) is kept as it is and nothing runs.
   */
  public static Outcome runToCompletion(SweepOptions options, String command, Consumer<String> log, ClusterTarget cluster,
      boolean reuseUpToDate) throws IOException {
    return runToCompletion(options, command, log, cluster, reuseUpToDate, null);
  }

  /**
   * As above, and records what was verified in {@code record} ({@link CheckedFiles}) when the run
   * folder is up to date or has just been published, so that the next run of the same command
   * can tell it is up to date from file statuses alone.
   *
   * @param record the command's record file ({@link CheckedFiles#file}), or null for none
   */
  public static Outcome runToCompletion(SweepOptions options, String command, Consumer<String> log, ClusterTarget cluster,
      boolean reuseUpToDate, Path record) throws IOException {
    long start = System.nanoTime();
    long planned = CheckedFiles.now();
    if (record != null) {
      try {
        Files.deleteIfExists(record);
      } catch (IOException e) {
        // Out is not writable (the plan says so, naming it); a record that stays only holds while its files do.
      }
    }
    SweepPlan plan = SweepPlan.prepare(options, command);
    java.util.Map<Path, CheckedFiles.Status> inputs = null;
    if (record != null) {
      try {
        inputs = CheckedFiles.inputs(plan);
      } catch (IOException | RuntimeException e) {
        record = null;
      }
    }
    if (reuseUpToDate) {
      java.util.Optional<Path> current = UpToDateRun.findAndRecord(plan, UpToDateRun.inputs(plan, options), record, inputs, planned);
      if (current.isPresent()) {
        log.accept(CheckedFiles.upToDate(current.get()));
        return new Outcome(plan, null, current.get(), (System.nanoTime() - start) / 1e9, 0, null, null);
      }
    }
    SweepGrid grid = plan.grid();
    StringBuilder runs = new StringBuilder();
    grid.runs().forEach((stage, n) -> runs.append(", ").append(n).append(' ').append(stage));
    log.accept(String.format("sweep %s: %d variants from %d distinct leaves (runs: %s); %d devices",
        plan.spec().name(), grid.variants().size(), grid.leaves(), runs.substring(2), plan.devices().size()));
    log.accept("artifact store: " + plan.settings().storeRoot());
    try (RunLog runLog = RunLog.start(plan.runFolder().getParent(), plan.spec().name())) {
      try {
        java.util.concurrent.CompletableFuture<java.util.Map<String, String>> proven =
            record == null ? null : new java.util.concurrent.CompletableFuture<>();
        Outcome outcome = run(options, plan, log, cluster, runLog, proven);
        if (record != null) {
          // Checked by hash once more (the store entries while the run folder was finished), so the
          // next run of this command needs file statuses only.
          UpToDateRun.findAndRecord(plan, UpToDateRun.inputs(plan, options), record, inputs, planned, proven.getNow(java.util.Map.of()));
        }
        return outcome;
      } catch (RuntimeException | IOException e) {
        runLog.record(e);
        throw new SweepFailedException(runLog.file(), e);
      }
    }
  }

  private static Outcome run(SweepOptions options, SweepPlan plan, Consumer<String> log, ClusterTarget cluster, RunLog runLog,
      java.util.concurrent.CompletableFuture<java.util.Map<String, String>> proven) throws IOException {
    SweepGrid grid = plan.grid();
    Instant started = Instant.now();
    long start = System.nanoTime();
    long cpuStart = ProcessCpuClock.nanos();
    PipelineResult result;
    CpuTimeline cpu = cluster == null ? CpuTimeline.start(50) : null;
    try (SweepProgress progress = new SweepProgress(plan.settings().store(), grid.allLeaves(), log, Duration.ofSeconds(10))) {
      if (cluster == null && SweepPlan.runsHere(options)) {
        loadEngineMeanwhile(plan);
      }
      result = cluster == null ? run(options, plan) : cluster.run(SweepPipeline.build(Pipeline.create(options), plan), log);
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the sweep job ended in state " + state);
      }
      progress.report(true);
    } catch (RuntimeException e) {
      AtomicFiles.deleteRecursively(plan.stagingFolder());
      throw e;
    } finally {
      if (cpu != null) {
        cpu.close();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (ProcessCpuClock.nanos() - cpuStart) / 1e9;
    double cpuShare = cpuSeconds / (seconds * Runtime.getRuntime().availableProcessors());
    StageCounts counts = StageCounts.of(result);
    StageTimes times = StageTimes.of(result);
    runLog.close();
    if (Files.isRegularFile(runLog.file()) && Files.isDirectory(plan.stagingFolder())) {
      Files.move(runLog.file(), plan.stagingFolder().resolve(LOG));
    }
    Thread proving = null;
    if (proven != null) {
      // The second core is free while the picks are exported and the report written: check the store entries meanwhile.
      ArtifactStore store = plan.settings().store();
      proving = new Thread(() -> proven.complete(CheckedFiles.proveEntries(plan.settings().storeRoot(), StoreReferences.of(plan),
          entry -> UpToDateRun.intact(store, entry))), "edgesweep-store-check");
      proving.setDaemon(true);
      proving.start();
    }
    finish(plan, counts, times, cpu, options, started, seconds, cpuSeconds);
    if (proving != null) {
      try {
        proving.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Outcome(plan, counts, plan.runFolder(), seconds, cpuShare, times, cpu);
  }

  /**
   * Adds the run summary and the spec to the staging folder, exports each device's pick and writes
   * the report (both from the folder's files), then renames it into place.
   */
  static void finish(SweepPlan plan, StageCounts counts, StageTimes times, CpuTimeline cpu, SweepOptions options, Instant started,
      double seconds,
      double cpuSeconds) throws IOException {
    Path staging = plan.stagingFolder();
    try {
      if (!Files.isRegularFile(staging.resolve(io.edgesweep.report.RunFolderFiles.PICKS))) {
        throw new IllegalStateException("the job finished but wrote no results to " + staging);
      }
      Files.copy(Path.of(plan.spec().file()), staging.resolve(SPEC_COPY));
      ObjectNode summary = summary(plan, counts, options, started, seconds);
      summary.put("process_cpu_share", cpuSeconds / (seconds * Runtime.getRuntime().availableProcessors()));
      // This process's CPU during the job: on the embedded runners the stages' CPU is part of it.
      summary.put("process_cpu_seconds", cpuSeconds);
      times.writeTo(summary.putObject(STAGE_TIMES));
      if (cpu != null) {
        ObjectNode cpuUse = summary.putObject(STAGE_CPU_USE);
        cpu.writeTo(cpuUse);
        StageArithmetic.writeTo(times, cpu, (ObjectNode) cpuUse.get("stages"));
      }
      testEntries(plan, staging, (com.fasterxml.jackson.databind.node.ArrayNode) summary.get(StoreReferences.FIELD));
      summary.put("cores", Runtime.getRuntime().availableProcessors());
      summary.put(UpToDateRun.FIELD, UpToDateRun.inputs(plan, options));
      Files.write(staging.resolve(SUMMARY), JSON.writeValueAsBytes(summary));
      RunOutputs.write(staging, plan.runFolder());
      UpToDateRun.writeSums(staging);
      RunFolderSwap.publish(staging, plan.runFolder());
    } finally {
      AtomicFiles.deleteRecursively(staging);
    }
  }

  /** The stored test accuracies of the picks, which the run uses too (so store gc keeps them). */
  private static void testEntries(SweepPlan plan, Path staging, com.fasterxml.jackson.databind.node.ArrayNode entries) throws IOException {
    if (plan.settings().testSha256() == null) {
      return;
    }
    JsonNode picks = JSON.readTree(staging.resolve(io.edgesweep.report.RunFolderFiles.PICKS).toFile());
    java.util.Set<String> keys = new java.util.TreeSet<>(picks.findValuesAsText("model_key"));
    ArtifactStore store = plan.settings().store();
    for (String modelKey : keys) {
      String key = StageRunner.testKey(modelKey, plan.settings().testSha256());
      if (store.find(StageKinds.TEST, key) != null) {
        entries.add(StageKinds.TEST + "/" + key);
      }
    }
  }

  /**
   * Loads PyTorch's native engine on a thread of its own while the runner starts (Flink's
   * MiniCluster takes seconds), instead of in the first stage task after it. Only the loading is
   * shared: every task thread still sets its own thread count and grad mode
   * ({@link io.edgesweep.model.TorchRuntime#ensureConfigured}), so results are as before. The
   * native code the pipeline's construction needs is linked first ({@link NativeLinksFirst}).
   *
   * <p>When the teacher's logits are to be computed (the stage every other one waits for), the
   * thread then also makes the native copy of the train split they read (0.1-0.3 s of copying),
   * which the runner's start leaves a core idle for; the task finds it made.
   */
  private static void loadEngineMeanwhile(SweepPlan plan) {
    Thread loader = new Thread(() -> {
      try {
        NativeLinksFirst.link();
        io.edgesweep.model.TorchRuntime.ensureConfigured();
        if (!plan.settings().store().contains(StageKinds.LOGITS, plan.teacher().logitsKey())) {
          io.edgesweep.data.ImageDataset train = io.edgesweep.transforms.SplitCache.ifHeld(plan.settings().splits().train());
          if (train != null) {
            io.edgesweep.data.InMemoryBatches.prepare(train);
          }
        }
      } catch (RuntimeException | LinkageError e) {
        // The first stage task loads it (and makes the copy) and reports what is wrong.
      }
    }, "edgesweep-engine-load");
    loader.setDaemon(true);
    loader.start();
  }

  static ObjectNode summary(SweepPlan plan, StageCounts counts, SweepOptions options, Instant started, double seconds) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", plan.spec().name());
    root.put("spec", plan.spec().file());
    root.put("spec_sha256", ModelArtifact.sha256(Files.readAllBytes(Path.of(plan.spec().file()))));
    root.put("command", plan.settings().command());
    root.put("started", started.toString());
    root.put("wall_seconds", seconds);
    root.put("runner", options.getPlainLoop() ? "PlainLoop" : options.getRunner().getSimpleName());
    root.put("parallelism", options.getParallelism());
    root.put("djl_threads", plan.settings().threads());
    root.put("djl_threads_share_cores", plan.settings().shareCores());
    root.put("artifact_store", plan.settings().storeRoot());
    root.put(StoreReferences.STORE_ID, plan.settings().store().id());
    root.put("data", plan.settings().dataFolder());
    ObjectNode grid = root.putObject("grid");
    grid.put("variants", plan.grid().variants().size());
    plan.grid().runs().forEach((stage, n) -> grid.put(stage + "_runs", n));
    grid.put("leaves", plan.grid().leaves());
    grid.put("naive_runs_per_stage", plan.grid().variants().size());
    root.set(StoreReferences.FIELD, JSON.valueToTree(StoreReferences.of(plan)));
    ObjectNode stageCounts = root.putObject("stage_counts");
    counts.counters().forEach(stageCounts::put);
    ObjectNode teacher = root.putObject("teacher");
    teacher.put("key", plan.teacher().key());
    teacher.put("arch", plan.teacherArch());
    try {
      ModelArtifact model = ModelArtifact.fromFiles(plan.settings().store().get(StageKinds.TEACHER, plan.teacher().key()), "teacher");
      teacher.set("metrics", JSON.valueToTree(model.manifest().metrics()));
      teacher.put("parameters", model.manifest().parameterCount());
    } catch (IOException e) {
      teacher.put("metrics_error", e.getMessage());
    }
    return root;
  }
}
