package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.evaluate.DeviceClass;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import io.edgesweep.evaluate.HostProfileFile;
import io.edgesweep.measure.HostCheck;
import io.edgesweep.measure.HostVariants;
import io.edgesweep.measure.LatencyMeter;
import io.edgesweep.measure.LatencyStatistic;
import io.edgesweep.measure.MachineDescription;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TeacherTraining;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.transforms.Footprints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep profile-host}: measures this machine, fits the host profile, and reports how far its estimates are off. */
@Command(
    name = "profile-host",
    mixinStandardHelpOptions = true,
    description = {
      "Time the teacher and its pruned, structurally pruned and quantized variants on this machine with DJL (PyTorch, CPU),",
      "fit the host profile's efficiencies, overheads and conversion costs to the measured figures, and print measured against",
      "estimated latency for every variant and batch size, with the share within ±25%% when each variant is left out of the fit.",
      "Calls during which the timing thread lost its core are dropped; every row shows its noise, and the output says plainly",
      "when the machine was too busy for the figures to mean anything (then --write-profile writes nothing and the exit code is 3)."
    })
public final class ProfileHostCommand implements Callable<Integer> {
  static final List<String> DEFAULT_ARCHITECTURES = List.of(
      "mlp:784-300-100-10", "mlp:784-100-10", "mlp:784-32-10", "lenet5",
      "cnn:1x28x28:c4k5p2-m2-c8k5-m2-f64-f10", "cnn:1x28x28:c8k5-c16k5-f10");

  @Option(names = "--teacher", paramLabel = "DIR", description = "A trained model folder to time with its variants; repeatable.")
  List<Path> teachers = new ArrayList<>();

  @Option(names = "--arch", paramLabel = "SPEC",
      description = "An architecture to train briefly on --data and time with its variants; repeatable. "
          + "Default, when no --teacher is given either: mlp:784-300-100-10, mlp:784-100-10, mlp:784-32-10, lenet5, "
          + "cnn:1x28x28:c4k5p2-m2-c8k5-m2-f64-f10 (the LeNet sweep's student) and cnn:1x28x28:c8k5-c16k5-f10 (convolutions without pooling).")
  List<String> architectures = new ArrayList<>();

  @Option(names = "--data", defaultValue = "datasets/fashion-mnist-mini",
      description = "Dataset folder: trains the --arch teachers and calibrates int8 activations. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(names = "--train-epochs", defaultValue = "2",
      description = "Epochs of training for --arch teachers: only pruning needs real weight magnitudes; timing does not depend on accuracy. Default: ${DEFAULT-VALUE}.")
  int trainEpochs;

  @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads while timing. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--repeats", defaultValue = "100", description = "Timed calls per variant and batch size, interleaved round-robin over all variants. Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Option(names = "--warm-up", defaultValue = "10", description = "Untimed rounds over all variants first. Default: ${DEFAULT-VALUE}.")
  int warmUp;

  @Option(names = "--batches", split = ",", defaultValue = "1,64", description = "Batch sizes to time. Default: ${DEFAULT-VALUE}.")
  List<Integer> batches;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of teacher training, inputs and visiting order. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--profile", defaultValue = "device-profiles/host.yaml", description = "The host profile to fit. Default: ${DEFAULT-VALUE}.")
  Path profile;

  @Option(names = "--statistic", defaultValue = "p10",
      description = "The figure of a row's undisturbed calls to report and fit: p10, median or min. Default: ${DEFAULT-VALUE}, the one that "
          + "reproduced best between a quiet and a loaded machine (docs/cost-model.md).")
  String statistic;

  @Option(names = "--even-if-busy",
      description = "Write the profile even when the machine was too busy for the figures to mean anything (not recommended).")
  boolean evenIfBusy;

  /** The exit code when the machine was too busy and --write-profile was refused. */
  static final int TOO_BUSY = 3;

  @Option(names = "--write-profile",
      description = "Write the fitted factors into --profile (fitted: true), with a comment naming this command, the date, the machine and the error; every other line is kept.")
  boolean writeProfile;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    DeviceProfile base = DeviceProfiles.load(profile);
    if (base.deviceClass() != DeviceClass.HOST) {
      throw new InvalidInputException(profile.toString(), "class", "is " + base.deviceClass() + "; profile-host fits only a host profile, "
          + "whose estimates can be checked on this machine");
    }
    if (trainEpochs < 1) {
      throw new InvalidInputException("--train-epochs", null, "must be at least 1, got " + trainEpochs);
    }
    LatencyMeter.Settings settings = new LatencyMeter.Settings(batches, warmUp, repeats, threads, seed);
    LatencyStatistic figure = LatencyStatistic.parse(statistic);
    String command = describeCommand();
    List<String> specs = architectures.isEmpty() && teachers.isEmpty() ? DEFAULT_ARCHITECTURES : architectures;

    DatasetSplits splits = new DatasetSplits(data);
    ImageDataset train = ParquetImageDatasets.read(splits.train());
    ImageDataset calibration = ParquetImageDatasets.read(splits.calibration());
    List<HostCheck.Family> families = new ArrayList<>();
    for (Path folder : teachers) {
      ModelArtifact teacher = ModelArtifact.read(folder);
      out.printf("teacher %s from %s%n", teacher.architecture(), folder);
      families.add(new HostCheck.Family(teacher.architecture().spec(), HostVariants.of(teacher, HostVariants.Grid.standard(), train, calibration, command)));
    }
    for (String spec : specs) {
      Architecture architecture = Architecture.parse(spec);
      long start = System.nanoTime();
      TeacherTraining.Result trained = TeacherTraining.train(splits, architecture, new TrainingSettings(trainEpochs, 128, 1e-3, true, seed),
          command, e -> {});
      out.printf("trained %s: %d epochs, validation accuracy %.1f%% (%.0f s)%n", spec, trainEpochs,
          100 * trained.epochs().get(trained.epochs().size() - 1).validationAccuracy(), (System.nanoTime() - start) / 1e9);
      families.add(new HostCheck.Family(spec, HostVariants.of(trained.artifact(), HostVariants.Grid.standard(), train, calibration, command)));
    }
    int variants = families.stream().mapToInt(f -> f.variants().size()).sum();
    double loadBefore = LatencyMeter.loadAverage();
    out.printf("timing %d variants at batch %s: %d warm-up + %d timed rounds, round-robin, %d PyTorch thread%s; load average %.2f%n",
        variants, batches, warmUp, repeats, threads, threads == 1 ? "" : "s", loadBefore);

    int[] lastPercent = {-1};
    HostCheck.Result result = HostCheck.run(families, base, settings, figure, Footprints::of, (round, rounds, warm, load) -> {
      int percent = 100 * round / rounds;
      if (percent / 10 != lastPercent[0] / 10) {
        lastPercent[0] = percent;
        System.err.printf("  %3d%% (round %d of %d%s, load %.2f)%n", percent, round, rounds, warm ? ", warm-up" : "", load);
      }
    });
    HostCheckTable.print(out, result, command);
    if (writeProfile && result.verdict().tooBusy() && !evenIfBusy) {
      out.printf("%nnot written: the machine was too busy (see above); rerun when it is quiet, or add --even-if-busy to write %s anyway%n", profile);
      return TOO_BUSY;
    }
    if (writeProfile) {
      HostProfileFile.write(profile, result.fit().profile(), provenance(command, result, loadBefore));
      out.printf("%nwrote the fitted factors to %s (fitted: true)%n", profile);
    } else {
      out.printf("%nnot written; add --write-profile to put these factors into %s%n", profile);
    }
    return 0;
  }

  /** The comment a written profile carries: command, date, machine, conditions and error. */
  private List<String> provenance(String command, HostCheck.Result result, double loadBefore) {
    LatencyMeter.Run run = result.measurement();
    List<String> lines = new ArrayList<>();
    lines.add("Fitted by `" + command + "`");
    lines.add("on " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", machine: " + MachineDescription.current() + ".");
    lines.add(String.format(java.util.Locale.ROOT, "Timed with %d PyTorch thread%s, %d rounds round-robin; 1-minute load average %.2f before, %.2f-%.2f",
        run.threads(), run.threads() == 1 ? "" : "s", result.rows().isEmpty() ? 0 : result.rows().get(0).measured().count(), loadBefore,
        run.minLoad(), run.maxLoad()));
    lines.add("during timing (the timing thread itself adds about 1); figure: " + result.rows().stream().findFirst().map(r -> r.figure().statistic().toString()).orElse("p10")
        + " of undisturbed calls; machine " + result.verdict().level().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ".");
    lines.add(String.format(java.util.Locale.ROOT, "Error on %d figures (variant x batch): %d within ±25%% held out (leave one variant out),",
        result.rows().size(), result.heldOutWithin()));
    lines.add(String.format(java.util.Locale.ROOT, "%d in sample, %d with the whole teacher family held out; median |error| held out %.1f%%.",
        result.fittedWithin(), result.familyHeldOutWithin(), 100 * HostCheckTable.medianAbsolute(result.rows(), HostCheck.Row::heldOutError)));
    lines.add("Table and method: docs/cost-model.md, \"Checked against the host\".");
    lines.add("Efficiencies are fractions of the peaks above, which count every core: with fewer threads than cores,");
    lines.add("the idle cores are part of the inefficiency.");
    return lines;
  }

  private String describeCommand() {
    List<String> parts = new ArrayList<>();
    for (Path t : teachers) {
      parts.add("--teacher");
      parts.add(t.toString());
    }
    for (String a : architectures) {
      parts.add("--arch");
      parts.add(a);
    }
    parts.add("--data");
    parts.add(data.toString());
    parts.addAll(List.of("--threads", Integer.toString(threads), "--repeats", Integer.toString(repeats), "--warm-up", Integer.toString(warmUp),
        "--batches", String.join(",", batches.stream().map(String::valueOf).toList())));
    if (trainEpochs != 2) {
      parts.add("--train-epochs");
      parts.add(Integer.toString(trainEpochs));
    }
    if (seed != 1) {
      parts.add("--seed");
      parts.add(Long.toString(seed));
    }
    if (!profile.equals(Path.of("device-profiles/host.yaml"))) {
      parts.add("--profile");
      parts.add(profile.toString());
    }
    if (!statistic.equals("p10")) {
      parts.add("--statistic");
      parts.add(statistic);
    }
    if (evenIfBusy) {
      parts.add("--even-if-busy");
    }
    if (writeProfile) {
      parts.add("--write-profile");
    }
    return CommandLines.describe("profile-host", parts.toArray(String[]::new));
  }
}
