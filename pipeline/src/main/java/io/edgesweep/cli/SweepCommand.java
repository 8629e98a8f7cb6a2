package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.cluster.ClusterSubmission;
import io.edgesweep.cluster.ProjectBuild;
import io.edgesweep.cluster.Staging;
import io.edgesweep.pipeline.CheckedFiles;
import io.edgesweep.pipeline.ClusterTarget;
import io.edgesweep.pipeline.DataChecksAhead;
import io.edgesweep.pipeline.EmbeddedFlink;
import io.edgesweep.pipeline.SweepJob;
import io.edgesweep.pipeline.SweepOptions;
import io.edgesweep.report.PicksTable;
import io.edgesweep.report.RunFolderFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgesweep sweep}: runs a sweep spec and prints the picks and where the results are. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Fan a teacher out over distillation temperatures, pruning ratios and quantization widths,",
      "evaluate every variant, and pick one per device class. Writes <out>/<name>/{variants.parquet, pareto.json,",
      "picks.json, run.json, spec.yaml, report.html, report.md, models/<device>/}; stage outputs go to a",
      "content-addressed store reused by later runs."
    })
public final class SweepCommand implements Callable<Integer> {

  @Option(names = "--spec", required = true, description = "The sweep spec (YAML), e.g. sweeps/demo.yaml.")
  Path spec;

  @Option(names = "--runner", defaultValue = "flink-local",
      description = "flink-local (a Flink MiniCluster in this process), direct (Beam's DirectRunner), or flink (a Flink 1.19 cluster at --flink-master). Default: ${DEFAULT-VALUE}.")
  String runner;

  @Option(names = "--flink-master", description = "host:port of the Flink JobManager's REST endpoint, for --runner flink.")
  String flinkMaster;

  @Option(names = "--out", defaultValue = "runs", description = "Folder for run folders (and, by default, the artifact store). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--artifact-root", description = "Artifact store (any Beam FileSystems path all workers can reach). Default: <out>/artifacts.")
  String artifactRoot;

  @Option(names = "--parallelism", defaultValue = "0", description = "Parallel task slots to use; 0 = the number of cores here. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(names = "--djl-threads", defaultValue = "0", description = "PyTorch threads per worker; 0 = cores / parallelism. Default: ${DEFAULT-VALUE}.")
  int djlThreads;

  @Option(names = "--share-cores",
      description = "With --djl-threads 0 on flink-local, direct or plain: the running tasks share the free cores, so a stage with "
          + "fewer tasks than slots uses every core (docs/performance.md: for small models it raised CPU use but not speed); "
          + "grids of dense models only, as other layers train to other bits with another thread count.")
  boolean shareCores;

  @Option(names = "--train-together",
      description = "Students of one architecture, and fine-tunes of one, train together in one pass per task (first layers as one "
          + "wide product), bit for bit what training one at a time gives (docs/stages.md: on small models it was not faster).")
  boolean trainTogether;

  @Option(names = "--stage", defaultValue = "thin",
      description = "What --runner flink ships with the job: thin (edgesweep's classes only; the bundled cluster has every dependency), classpath (every jar), or a jar file (e.g. the -bundled jar). Default: ${DEFAULT-VALUE}.")
  String stage;

  @Option(names = "--rerun", description = "Run the sweep even when its run folder already holds the results of the same inputs "
      + "(spec, data, teacher, device profiles, build), intact; by default such a run folder is kept and nothing runs.")
  boolean rerun;

  @Parameters(arity = "0..*", paramLabel = "BEAM_ARG", description = "Further Beam pipeline options after --, e.g. -- --maxBundleSize=1.")
  List<String> beamArgs = new ArrayList<>();

  /** Our Beam options, then the user's own (after --), which replace ours of the same name (e.g. -- --streaming=false). */
  static List<String> withUserOptions(List<String> ours, List<String> theirs) {
    List<String> all = new ArrayList<>(ours);
    all.removeIf(o -> theirs.stream().anyMatch(t -> optionName(t).equals(optionName(o))));
    all.addAll(theirs);
    return all;
  }

  /** "--streaming=true" and "--streaming" name the option "streaming". */
  private static String optionName(String arg) {
    int equals = arg.indexOf('=');
    return (equals < 0 ? arg : arg.substring(0, equals)).replaceFirst("^--", "");
  }

  private Staging staging() {
    ProjectBuild build = ProjectBuild.locate();
    Path folder = out.resolve(".staging-jars");
    return switch (stage) {
      case "thin" -> Staging.thinJar(build, folder);
      case "classpath" -> Staging.fullClasspath(build, folder);
      default -> {
        Path jar = Path.of(stage);
        if (!java.nio.file.Files.isRegularFile(jar)) {
          throw new InvalidInputException("--stage", stage, "must be thin, classpath or an existing jar file");
        }
        yield Staging.files(List.of(jar), "job jar");
      }
    };
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (parallelism < 0) {
      throw new InvalidInputException("--parallelism", null, parallelism + " is negative; give a number of task slots, or 0 for one per core");
    }
    // A run in this process whose files are as the last check of this same command left them: say so
    // before Beam, Flink or PyTorch load (CheckedFiles). A cluster's slots are only known by asking it.
    Path record = runner.equals("flink") ? null : CheckedFiles.file(out, commandKey());
    if (record != null && !rerun) {
      java.util.Optional<CheckedFiles.UpToDate> current = CheckedFiles.quickCheckWithPicks(record);
      if (current.isPresent()) {
        // Said without the logger: Log4j's set-up (its plugins, the XML configuration) is still
        // running on the other core and would be most of this command's time (0.2-0.3 s of ~1 s).
        System.err.println(CheckedFiles.upToDate(current.get().runFolder()));
        printResults(current.get().runFolder(), current.get().picksTable(), (System.nanoTime() - start) / 1e9, "");
        LaunchHint.stillUpToDate(record, current.get().runFolder());
        return 0;
      }
    }
    LaunchHint.jobAhead();
    Main.awaitLogging();
    // The data's checks need only the spec and the output folders: start them now, on the second
    // core, while Beam builds its options (DataChecksAhead).
    DataChecksAhead.start(spec, out.toString(), artifactRoot, !runner.equals("flink"));
    ClusterTarget target = null;
    int slots = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    List<String> args = new ArrayList<>();
    args.add("--spec=" + spec);
    args.add("--out=" + out);
    if (artifactRoot != null) {
      args.add("--artifactRoot=" + artifactRoot);
    }
    if (!runner.equals("flink")) {
      args.add("--djlThreads=" + djlThreads);
      args.add("--shareCores=" + shareCores);
    }
    args.add("--trainTogether=" + trainTogether);
    args.add("--jobName=edgesweep-" + spec.getFileName().toString().replaceAll("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
    switch (runner) {
      case "flink-local" -> {
        args.addAll(EmbeddedFlink.options(slots));
      }
      case "plain" -> {
        // Not a runner: the stages in a loop on one thread (PlainLoop), the benchmarks' baseline.
        args.add("--runner=DirectRunner");
        args.add("--plainLoop=true");
        args.add("--parallelism=1");
        slots = 1;
      }
      case "direct" -> {
        args.add("--runner=DirectRunner");
        args.add("--targetParallelism=" + slots);
        args.add("--parallelism=" + slots);
      }
      case "flink" -> {
        if (flinkMaster == null) {
          throw new InvalidInputException("--flink-master", null, "is required with --runner flink (host:port of the JobManager)");
        }
        if (flinkMaster.equals("[auto]")) {
          // Inside `flink run` or a REST submission: Flink's client provides the cluster and ships the jar.
          slots = parallelism > 0 ? parallelism : 1;
        } else {
          // Ask the JobManager first: an unreachable one fails here in seconds, before anything is read or written.
          target = new ClusterTarget(ClusterSubmission.connect(flinkMaster), staging());
          slots = parallelism > 0 ? parallelism : target.cluster().slotsTotal();
        }
        args.add("--runner=FlinkRunner");
        args.add("--flinkMaster=" + flinkMaster);
        if (parallelism > 0 || target != null) {
          args.add("--parallelism=" + slots);
        }
        args.add("--djlThreads=" + (djlThreads > 0 ? djlThreads : 1));
      }
      default -> throw new InvalidInputException("--runner", null, "must be flink-local, direct or flink, got " + runner);
    }
    SweepOptions options = SweepJob.options(withUserOptions(args, beamArgs).toArray(String[]::new));
    String command = CommandLines.describe("sweep", "--spec", spec.toString(), "--runner", runner);
    log().info("running {} on {} ({} slots)", spec, runner, slots);
    SweepJob.Outcome outcome = SweepJob.runToCompletion(options, command, log()::info, target, !rerun, record);
    if (!outcome.upToDate()) {
      System.out.println(outcome.counts().describe(outcome.plan().grid()));
      System.out.println(outcome.times().describe());
    }
    if (outcome.cpu() != null) {
      System.out.println(outcome.cpu().describe());
    }
    if (outcome.arithmetic() != null) {
      System.out.println(outcome.arithmetic());
    }
    String cpu = target == null
        ? String.format(" (process CPU use %.0f%% of %d cores)", 100 * outcome.cpuShare(), Runtime.getRuntime().availableProcessors())
        : "";
    printResults(outcome.runFolder(), PicksTable.render(outcome.runFolder().resolve(RunFolderFiles.PICKS)), outcome.seconds(), cpu);
    if (record != null && !rerun && java.nio.file.Files.isRegularFile(record)) {
      LaunchHint.likelyUpToDateNextTime(record, outcome.runFolder());
    }
    return 0;
  }

  /** The sweep's logger, once logging is set up (Log4j starts on another thread meanwhile: {@link Main}). */
  private static Logger log() {
    Main.awaitLogging();
    return LoggerFactory.getLogger("io.edgesweep.sweep");
  }

  private static void printResults(Path runFolder, String picksTable, double seconds, String cpu) {
    System.out.println();
    System.out.print(picksTable);
    System.out.println();
    System.out.printf("done in %.1f s%s; results in %s (report.html, picks.json, models/<device>/, variants.parquet)%n",
        seconds, cpu, runFolder);
  }

  /** Everything this command says that its results depend on (not --rerun, which only says whether to check). */
  private List<String> commandKey() {
    List<String> key = new ArrayList<>(List.of("sweep", String.valueOf(spec), runner, String.valueOf(flinkMaster), String.valueOf(out),
        String.valueOf(artifactRoot), Integer.toString(parallelism), Integer.toString(djlThreads), Boolean.toString(shareCores), stage,
        Boolean.toString(trainTogether)));
    key.add("--");
    key.addAll(beamArgs);
    return key;
  }
}
