package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.DistillationSettings;
import io.edgesweep.compress.Distiller;
import io.edgesweep.compress.TeacherLogits;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgesweep distill-table}: how much a teacher's soft targets help one student, per
 * temperature, measured against the same student trained on labels alone.
 *
 * <p>Every student gets the same initialization, batches and epochs for a given seed, so the
 * only difference between two rows is the loss; several seeds show how much of a difference is
 * noise. Accuracy is on the validation split (the test split is not touched).
 */
@Command(
    name = "distill-table",
    mixinStandardHelpOptions = true,
    description = "Distil one student at several temperatures and print validation accuracy against the label-only student.")
public final class DistillTableCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, description = "Dataset folder with train/validation/calibration/test.parquet.")
  Path data;

  @Option(names = "--teacher", required = true, description = "Teacher model folder (as train-teacher writes it).")
  Path teacherFolder;

  @Option(names = "--student", defaultValue = "mlp:784-100-10", description = "Student architecture. Default: ${DEFAULT-VALUE}.")
  String student;

  @Option(names = "--temperatures", split = ",", defaultValue = "none,1,2,4,8",
      description = "Temperatures T; none = labels only (the baseline). Default: ${DEFAULT-VALUE}.")
  List<String> temperatures;

  @Option(names = "--alpha", defaultValue = "0.7", description = "Weight α of the KD term, in [0, 1]. Default: ${DEFAULT-VALUE}.")
  double alpha;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs per student. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (cosine decay to zero). Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--seed", defaultValue = "1", description = "First seed (initialization and batch order). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--repeats", defaultValue = "1", description = "Seeds per temperature: seed, seed+1, ... Default: ${DEFAULT-VALUE}.")
  int repeats;

  @Override
  public Integer call() {
    if (epochs < 1) {
      throw new InvalidInputException("--epochs", null, "must be at least 1, got " + epochs);
    }
    if (repeats < 1) {
      throw new InvalidInputException("--repeats", null, "must be at least 1, got " + repeats);
    }
    List<Double> ts = new ArrayList<>();
    for (String t : temperatures) {
      ts.add(DistillationSettings.parseTemperature(t, "--temperatures"));
    }
    if (!ts.contains(null)) {
      ts.add(0, null);
    }
    Architecture studentArch = Architecture.parse(student);
    String command = CommandLines.describe("distill-table", "--data", data.toString(), "--teacher", teacherFolder.toString(),
        "--student", student, "--temperatures", String.join(",", temperatures), "--alpha", Double.toString(alpha),
        "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(batchSize), "--lr", Double.toString(learningRate),
        "--seed", Long.toString(seed), "--repeats", Integer.toString(repeats));
    PrintWriter out = spec.commandLine().getOut();
    DatasetSplits splits = new DatasetSplits(data).requireAll();
    ImageDataset train = ParquetImageDatasets.read(splits.train());
    ImageDataset validation = ParquetImageDatasets.read(splits.validation());
    ModelArtifact teacher = ModelArtifact.read(teacherFolder);
    Predictions teacherPredictions = predictions(teacher, validation);
    out.printf("teacher %s (%s): validation %.2f%%%n", teacher.architecture(), teacherFolder, 100 * teacherPredictions.accuracy());
    long start = System.nanoTime();
    TeacherLogits logits = TeacherLogits.compute(teacher, train);
    out.printf("teacher logits on train (%,d x %d) in %.1f s%n", logits.examples(), logits.classes(), seconds(start));
    out.printf("student %s; alpha %s, %d epochs, batch %d, Adam lr %s (cosine), seeds %d..%d%n%n",
        studentArch, alpha, epochs, batchSize, learningRate, seed, seed + repeats - 1);
    out.flush();

    double[][] accuracy = new double[ts.size()][repeats];
    double[][] agreement = new double[ts.size()][repeats];
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < ts.size(); i++) {
        Double t = ts.get(i);
        DistillationSettings settings = new DistillationSettings(t, alpha, new TrainingSettings(epochs, batchSize, learningRate, true, seed + r));
        long began = System.nanoTime();
        ModelArtifact studentModel = Distiller.distill(teacher, t == null ? null : logits, train, studentArch, settings, command);
        Predictions p = predictions(studentModel, validation);
        accuracy[i][r] = p.accuracy();
        agreement[i][r] = p.agreement(teacherPredictions);
        out.printf("T=%-5s seed %d: validation %.2f%%, agreement with teacher %.2f%% (%.1f s)%n",
            label(t), seed + r, 100 * accuracy[i][r], 100 * agreement[i][r], seconds(began));
        out.flush();
      }
    }
    out.println();
    out.printf("| T | validation accuracy%s | mean | Δ vs none (mean ± sd over seeds) | agreement with teacher |%n",
        repeats > 1 ? " per seed" : "");
    out.println("|---|---|---|---|---|");
    int none = ts.indexOf(null);
    for (int i = 0; i < ts.size(); i++) {
      StringBuilder perSeed = new StringBuilder();
      double[] delta = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        perSeed.append(r == 0 ? "" : " / ").append(String.format("%.2f%%", 100 * accuracy[i][r]));
        delta[r] = accuracy[i][r] - accuracy[none][r];
      }
      String deltaText = i == none ? "—" : String.format("%+.2f ± %.2f", 100 * mean(delta), 100 * sd(delta));
      out.printf("| %s | %s | %.2f%% | %s | %.2f%% |%n", label(ts.get(i)), perSeed, 100 * mean(accuracy[i]), deltaText,
          100 * mean(agreement[i]));
    }
    out.printf("%nteacher validation accuracy %.2f%%; %,d validation images (one image = %.3f points)%n",
        100 * teacherPredictions.accuracy(), validation.size(), 100.0 / validation.size());
    out.flush();
    return 0;
  }

  static Predictions predictions(ModelArtifact model, ImageDataset split) {
    try (Classifier classifier = model.open()) {
      return Predictions.of(classifier, new InMemoryBatches(split), 1000);
    }
  }

  private static String label(Double t) {
    return t == null ? "none" : (t == Math.rint(t) ? Long.toString(t.longValue()) : t.toString());
  }

  static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  static double sd(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / (values.length - 1));
  }
}
