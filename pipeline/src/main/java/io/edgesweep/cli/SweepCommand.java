package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
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
  private static final Logger LOG = LoggerFactory.getLogger("io.edgesweep.sweep");

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

  @Parameters(arity = "0..*", paramLabel = "BEAM_ARG", description = "Further Beam pipeline options after --, e.g. -- --maxBundleSize=1.")
  List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    int slots = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    List<String> args = new ArrayList<>();
    args.add("--spec=" + spec);
    args.add("--out=" + out);
    if (artifactRoot != null) {
      args.add("--artifactRoot=" + artifactRoot);
    }
    args.add("--djlThreads=" + djlThreads);
    args.add("--jobName=edgesweep-" + spec.getFileName().toString().replaceAll("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
    switch (runner) {
      case "flink-local" -> {
        args.add("--runner=FlinkRunner");
        args.add("--flinkMaster=[local]");
        args.add("--parallelism=" + slots);
        args.add("--fasterCopy=true");
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
        args.add("--runner=FlinkRunner");
        args.add("--flinkMaster=" + flinkMaster);
        args.add("--parallelism=" + slots);
        args.add("--fasterCopy=true");
      }
      default -> throw new InvalidInputException("--runner", null, "must be flink-local, direct or flink, got " + runner);
    }
    args.addAll(beamArgs);
    SweepOptions options = SweepJob.options(args.toArray(String[]::new));
    String command = CommandLines.describe("sweep", "--spec", spec.toString(), "--runner", runner);
    LOG.info("running {} on {} ({} slots)", spec, runner, slots);
    SweepJob.Outcome outcome = SweepJob.runToCompletion(options, command, LOG::info);
    System.out.println(outcome.counts().describe(outcome.plan().grid()));
    System.out.println();
    System.out.print(PicksTable.render(outcome.runFolder().resolve(RunFolderFiles.PICKS)));
    System.out.println();
    System.out.printf("done in %.1f s; results in %s (report.html, picks.json, models/<device>/, variants.parquet)%n",
        outcome.seconds(), outcome.runFolder());
    return 0;
  }
}
