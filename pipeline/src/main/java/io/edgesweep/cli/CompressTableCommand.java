package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.FineTuneLoss;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.Pruning;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSchedule;
import io.edgesweep.compress.CodebookSettings;
import io.edgesweep.compress.PruningSettings;
import io.edgesweep.compress.WeightSharing;
import io.edgesweep.compress.LearnedScales;
import io.edgesweep.compress.QatScales;
import io.edgesweep.compress.QatSettings;
import io.edgesweep.compress.QuantizationAwareTraining;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.TeacherLogits;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.ModelArtifact;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgesweep compress-table}: accuracy of one teacher pruned at several ratios and quantized
 * at several bit widths, one-shot and with fine-tune, on validation and test.
 *
 * <p>The table users check edgesweep's pruning and quantization against (Deep Compression's
 * LeNet-300-100 result, or their own runs of NNI or Intel Neural Compressor). Every cell is a
 * model built by the same library calls a sweep makes; quantization is weights-only except for the
 * last rows, which add integer activations calibrated on the calibration split.
 */
@Command(
    name = "compress-table",
    mixinStandardHelpOptions = true,
    description = "Prune a teacher at several ratios, quantize each at several bit widths, and print validation and test accuracy.")
public final class CompressTableCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, description = "Dataset folder with train/validation/calibration/test.parquet.")
  Path data;

  @Option(names = "--teacher", required = true, description = "Model folder to compress.")
  Path teacherFolder;

  @Option(names = "--ratios", split = ",", defaultValue = "0,0.5,0.8,0.9,0.95",
      description = "Pruning ratios (fraction of weights removed). Default: ${DEFAULT-VALUE}.")
  List<Double> ratios;

  @Option(names = "--bits", split = ",", defaultValue = "32,8,6,4,2",
      description = "Weight formats: 2..16, fp16, or 32 for float. Default: ${DEFAULT-VALUE}.")
  List<String> bits;

  @Option(names = "--method", defaultValue = "magnitude-global",
      description = "Pruning method: magnitude-global, magnitude-per-layer or structured-l2. Default: ${DEFAULT-VALUE}.")
  String method;

  @Option(names = "--fine-tune-epochs", defaultValue = "5", description = "Fine-tune epochs after pruning. Default: ${DEFAULT-VALUE}.")
  int fineTuneEpochs;

  @Option(names = "--schedules", split = ",", defaultValue = "one-shot",
      description = "Fine-tune schedules to show: one-shot (prune, then fine-tune with the mask fixed) and/or gradual "
          + "(cubic sparsity ramp over the fine-tune epochs). Default: ${DEFAULT-VALUE}.")
  List<String> schedules;

  @Option(names = "--lr", defaultValue = "0.001", description = "Fine-tune Adam learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--batch-size", defaultValue = "128", description = "Fine-tune batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1", description = "Fine-tune seed (batch order). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--granularity", defaultValue = "per-channel", description = "Weight scales: per-channel or per-tensor. Default: ${DEFAULT-VALUE}.")
  String granularity;

  @Option(names = "--scheme", defaultValue = "symmetric", description = "Weight grid: symmetric or affine. Default: ${DEFAULT-VALUE}.")
  String scheme;

  @Option(names = "--activation-bits", defaultValue = "8", description = "Integer activations of the last rows. Default: ${DEFAULT-VALUE}.")
  int activationBits;

  @Option(names = "--calibration", defaultValue = "minmax",
      description = "Activation ranges: minmax or percentile:P (e.g. percentile:99.99). Default: ${DEFAULT-VALUE}.")
  String calibrationMethod;

  @Option(names = "--qat-epochs", defaultValue = "0",
      description = "Also train every fine-tuned integer-weight cell this many epochs quantization-aware (0: no QAT rows). "
          + "Default: ${DEFAULT-VALUE}.")
  int qatEpochs;

  @Option(names = "--qat-lr", defaultValue = "0.0001", description = "QAT Adam learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
  double qatLearningRate;

  @Option(names = "--qat-scales", split = ",", defaultValue = "recomputed",
      description = "QAT scale sources, one row each: recomputed (refitted every step) and/or learned (LSQ). Default: ${DEFAULT-VALUE}.")
  List<String> qatScales;

  @Option(names = "--qat-scale-init", defaultValue = "fitted",
      description = "Where learned scales start: fitted (least squares) or mean (2*mean|w|/sqrt(Q), as LSQ). Default: ${DEFAULT-VALUE}.")
  String qatScaleInit;

  @Option(names = "--qat-scale-lr", defaultValue = "0.01", description = "Learned scales' SGD learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
  double qatScaleLearningRate;

  @Option(names = "--codebook-bits", split = ",", description = "Also share each fine-tuned model's weights in per-layer codebooks of 2^b centroids, one row per b.")
  List<Integer> codebookBits = List.of();

  @Option(names = "--codebook-epochs", defaultValue = "1", description = "Centroid fine-tune epochs. Default: ${DEFAULT-VALUE}.")
  int codebookEpochs;

  @Option(names = "--codebook-lr", defaultValue = "0.0001", description = "Centroid fine-tune Adam learning rate (cosine decay). Default: ${DEFAULT-VALUE}.")
  double codebookLearningRate;

  /** One model of the table: how it was pruned, and the model. */
  private record Column(String title, ModelArtifact model) {}

  @Override
  public Integer call() {
    PruningMethod pruningMethod = PruningMethod.parse(method, "--method");
    List<PruningSchedule> fineTuneSchedules = new ArrayList<>();
    for (String s : schedules) {
      fineTuneSchedules.add(PruningSchedule.parse(s, "--schedules"));
    }
    List<WeightPrecision> precisions = new ArrayList<>();
    for (String b : bits) {
      precisions.add(WeightPrecision.parse(b, "--bits"));
    }
    for (double ratio : ratios) {
      if (!(ratio >= 0 && ratio < 1)) {
        throw new InvalidInputException("--ratios", null, "each ratio must be in [0, 1), got " + ratio);
      }
    }
    if (fineTuneEpochs < 1) {
      throw new InvalidInputException("--fine-tune-epochs", null, "must be at least 1 (the one-shot columns show no fine-tune), got " + fineTuneEpochs);
    }
    List<QatScales> scaleSources = new ArrayList<>();
    for (String s : qatScales) {
      scaleSources.add(QatScales.parse(s, "--qat-scales"));
    }
    LearnedScales.Init scaleInit = LearnedScales.Init.parse(qatScaleInit, "--qat-scale-init");
    Granularity weightGranularity = Granularity.parse(granularity, "--granularity");
    QuantizationScheme weightScheme = QuantizationScheme.parse(scheme, "--scheme");
    ActivationSettings activations = ActivationSettings.integer(activationBits, ActivationSettings.Calibration.parse(calibrationMethod, "--calibration"));
    String command = CommandLines.describe("compress-table", "--data", data.toString(), "--teacher", teacherFolder.toString(),
        "--ratios", join(ratios), "--bits", String.join(",", bits), "--method", method, "--fine-tune-epochs", Integer.toString(fineTuneEpochs),
        "--schedules", String.join(",", schedules), "--lr", Double.toString(learningRate), "--batch-size", Integer.toString(batchSize),
        "--seed", Long.toString(seed), "--granularity", granularity, "--scheme", scheme,
        "--activation-bits", Integer.toString(activationBits), "--calibration", calibrationMethod,
        "--qat-epochs", Integer.toString(qatEpochs), "--qat-lr", Double.toString(qatLearningRate),
        "--qat-scales", String.join(",", qatScales), "--qat-scale-init", qatScaleInit, "--qat-scale-lr", Double.toString(qatScaleLearningRate),
        "--codebook-bits", codebookBits.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
        "--codebook-epochs", Integer.toString(codebookEpochs), "--codebook-lr", Double.toString(codebookLearningRate));

    PrintWriter out = spec.commandLine().getOut();
    DatasetSplits splits = new DatasetSplits(data).requireAll();
    ImageDataset train = ParquetImageDatasets.read(splits.train());
    ImageDataset validation = ParquetImageDatasets.read(splits.validation());
    ImageDataset calibration = ParquetImageDatasets.read(splits.calibration());
    ImageDataset test = ParquetImageDatasets.read(splits.test());
    ModelArtifact teacher = ModelArtifact.read(teacherFolder);
    double[] teacherAccuracy = accuracy(teacher, validation, test);
    out.printf("teacher %s (%s): validation %.2f%%, test %.2f%%%n", teacher.architecture(), teacherFolder,
        100 * teacherAccuracy[0], 100 * teacherAccuracy[1]);
    TeacherLogits logits = null;
    if (FineTuneLoss.distillation(teacher) != null) {
      logits = TeacherLogits.compute(teacher, train);
      out.println("the model was distilled: fine-tunes use its KD loss " + FineTuneLoss.describe(teacher));
    }
    out.printf("pruning %s; fine-tune %d epochs, Adam lr %s (cosine), batch %d, seed %d; weights %s %s; activations %s%n%n",
        pruningMethod, fineTuneEpochs, learningRate, batchSize, seed, weightGranularity, weightScheme, activations.label());
    out.flush();

    List<String> titles = new ArrayList<>();
    titles.add("one-shot, no fine-tune");
    for (PruningSchedule s : fineTuneSchedules) {
      titles.add(s.id() + " + " + fineTuneEpochs + " epochs fine-tune");
    }
    Map<String, double[]> cells = new LinkedHashMap<>();
    for (double ratio : ratios) {
      List<Column> columns = new ArrayList<>();
      columns.add(new Column(titles.get(0), Pruning.apply(teacher,
          new PruningSettings(pruningMethod, ratio, 0, learningRate, batchSize, seed), train, logits, command)));
      for (int s = 0; s < fineTuneSchedules.size(); s++) {
        PruningSchedule schedule = fineTuneSchedules.get(s);
        long start = System.nanoTime();
        double r = ratio;
        ModelArtifact tuned = Pruning.apply(teacher, new PruningSettings(pruningMethod, ratio, fineTuneEpochs, learningRate, batchSize, seed, schedule),
            train, logits, command, e -> {
              out.printf("  ratio %s %s: epoch %d loss %.4f train %.2f%%%n", r, schedule, e.epoch(), e.meanLoss(), 100 * e.trainAccuracy());
              out.flush();
            });
        out.printf("ratio %s %s fine-tune: %.1f s%n", ratio, schedule, DistillTableCommand.seconds(start));
        columns.add(new Column(titles.get(s + 1), tuned));
      }
      for (Column column : columns) {
        for (WeightPrecision precision : precisions) {
          QuantizationSettings settings = new QuantizationSettings(precision, weightGranularity, weightScheme, ActivationSettings.off());
          ModelArtifact quantized = Quantization.apply(column.model(), settings, calibration, command);
          cells.put(key(ratio, precision.label(), column.title()), accuracy(quantized, validation, test));
          for (QatScales scales : qatEpochs > 0 && precision.isInteger() && column != columns.get(0) ? scaleSources : List.<QatScales>of()) {
            long start = System.nanoTime();
            ModelArtifact trained = QuantizationAwareTraining.apply(quantized, column.model(),
                new QatSettings(qatEpochs, qatLearningRate, batchSize, seed, scales, scaleInit, qatScaleLearningRate), train, calibration, logits, command);
            double[] a = accuracy(trained, validation, test);
            cells.put(key(ratio, qatRow(precision.label(), scales), column.title()), a);
            out.printf("ratio %s %s %s-bit QAT, %s scales: %.1f s, validation %.2f%%, test %.2f%%%n", ratio, column.title(), precision.label(),
                scales, DistillTableCommand.seconds(start), 100 * a[0], 100 * a[1]);
            out.flush();
          }
        }
        for (int b : codebookBits) {
          if (column == columns.get(0)) {
            continue;
          }
          long start = System.nanoTime();
          ModelArtifact shared = WeightSharing.apply(column.model(),
              new CodebookSettings(b, 30, codebookEpochs, codebookLearningRate, batchSize, seed), train, logits, command);
          cells.put(key(ratio, codebookRow(b), column.title()), accuracy(shared, validation, test));
          out.printf("ratio %s %s %d-bit codebook: %.1f s%n", ratio, column.title(), b, DistillTableCommand.seconds(start));
          out.flush();
        }
        QuantizationSettings w8a = new QuantizationSettings(WeightPrecision.ofBits(8), weightGranularity, weightScheme, activations);
        cells.put(key(ratio, "w8a" + activationBits, column.title()), accuracy(Quantization.apply(column.model(), w8a, calibration, command), validation, test));
      }
      out.printf("ratio %s done%n", ratio);
      out.flush();
    }

    out.println();
    StringBuilder header = new StringBuilder("| ratio | weights |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String title : titles) {
      header.append(" ").append(title).append(": val | test |");
      rule.append("---|---|");
    }
    out.println(header);
    out.println(rule);
    List<String> rows = new ArrayList<>();
    for (WeightPrecision precision : precisions) {
      rows.add(precision.label());
      if (qatEpochs > 0 && precision.isInteger()) {
        scaleSources.forEach(scales -> rows.add(qatRow(precision.label(), scales)));
      }
    }
    rows.add("w8a" + activationBits);
    codebookBits.forEach(b -> rows.add(codebookRow(b)));
    for (double ratio : ratios) {
      for (String row : rows) {
        StringBuilder line = new StringBuilder("| " + ratio + " | " + rowLabel(row, activations) + " |");
        for (String title : titles) {
          double[] a = cells.get(key(ratio, row, title));
          line.append(a == null ? " | |" : String.format(" %.2f | %.2f |", 100 * a[0], 100 * a[1]));
        }
        out.println(line);
      }
    }
    out.printf("%nteacher: validation %.2f%%, test %.2f%% (%,d and %,d images)%n", 100 * teacherAccuracy[0], 100 * teacherAccuracy[1],
        validation.size(), test.size());
    out.flush();
    return 0;
  }

  private String codebookRow(int bits) {
    return "codebook " + bits + " bits + " + codebookEpochs + " epochs";
  }

  private String qatRow(String bits, QatScales scales) {
    return bits + " + QAT " + qatEpochs + " epochs" + (scales == QatScales.LEARNED ? " (learned scales)" : "");
  }

  private static String rowLabel(String row, ActivationSettings activations) {
    if (row.startsWith("w8a")) {
      return "8 + act " + activations.label();
    }
    return row.equals("32") ? "32 (float)" : row;
  }

  private static String key(double ratio, String row, String column) {
    return ratio + "|" + row + "|" + column;
  }

  private static double[] accuracy(ModelArtifact model, ImageDataset validation, ImageDataset test) {
    return new double[] {
      DistillTableCommand.predictions(model, validation).accuracy(), DistillTableCommand.predictions(model, test).accuracy()
    };
  }

  private static String join(List<Double> values) {
    List<String> parts = new ArrayList<>();
    for (double v : values) {
      parts.add(Double.toString(v));
    }
    return String.join(",", parts);
  }
}
