package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.pipeline.SplitChecks;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.TeacherTraining;
import io.edgesweep.model.TrainingSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep train-teacher}: trains the model every sweep starts from. */
@Command(
    name = "train-teacher",
    mixinStandardHelpOptions = true,
    description = "Train a classifier with Adam and cross-entropy; print train/validation accuracy per epoch and test accuracy at the end.")
public final class TrainTeacherCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Dataset folder with train/validation/calibration/test.parquet.")
  Path data;

  @Option(names = "--arch", required = true, description = "Architecture: mlp:784-300-100-10, lenet5, or cnn:CxHxW:layers.")
  String arch;

  @Option(names = "--epochs", defaultValue = "15", description = "Epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--schedule", defaultValue = "cosine", description = "Learning-rate schedule: constant or cosine (to zero over all steps). Default: ${DEFAULT-VALUE}.")
  String schedule;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of initialization and batch order. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--force", description = "Replace the model folder at --out if there is one.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (!schedule.equals("constant") && !schedule.equals("cosine")) {
      throw new io.edgesweep.InvalidInputException("--schedule", null, "must be constant or cosine, got " + schedule);
    }
    if (epochs < 1) {
      throw new io.edgesweep.InvalidInputException("--epochs", null, "must be at least 1, got " + epochs);
    }
    ModelOutput.checkReplaceable(out, force);
    SplitChecks.check(new DatasetSplits(data));
    Architecture architecture = Architecture.parse(arch);
    String command = CommandLines.describe("train-teacher", "--data", data.toString(), "--arch", arch,
        "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(batchSize), "--lr", Double.toString(learningRate),
        "--schedule", schedule, "--seed", Long.toString(seed), "--out", out.toString());
    TrainingSettings settings = new TrainingSettings(epochs, batchSize, learningRate, schedule.equals("cosine"), seed);
    System.out.printf("training %s on %s: %d epochs, batch %d, Adam lr %s (%s), seed %d%n",
        architecture, data, epochs, batchSize, learningRate, schedule, seed);
    System.out.println("epoch  train loss  train acc  val acc   seconds");
    TeacherTraining.Result result = TeacherTraining.train(new DatasetSplits(data), architecture, settings, command,
        e -> System.out.printf("%5d  %10.4f  %8.2f%%  %6.2f%%  %7.1f%n",
            e.epoch(), e.trainLoss(), 100 * e.trainAccuracy(), 100 * e.validationAccuracy(), e.seconds()));
    result.artifact().writeTo(out);
    System.out.printf("test accuracy %.2f%% (%,d parameters, %.1f s)%n", 100 * result.testAccuracy(),
        result.artifact().manifest().parameterCount(), result.seconds());
    System.out.printf("wrote %s (parameters sha256 %s)%n", out, result.artifact().parametersSha256());
    return 0;
  }
}
