package io.edgesweep.model;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a teacher from scratch with Adam and cross-entropy, and records how it did.
 *
 * <p>The teacher is the root of every sweep, so its artifact carries the full provenance: the
 * SHA-256 of each split it saw, the seed, the settings and the command.
 */
public final class TeacherTraining {
  private TeacherTraining() {}

  /** Per epoch: training loss and accuracy, validation accuracy. */
  public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy, double seconds) {}

  /** The trained artifact and its accuracy over time, test accuracy last. */
  public record Result(ModelArtifact artifact, List<EpochResult> epochs, double testAccuracy, double seconds) {}

  /** Told after every epoch so that a command can print progress. */
  @FunctionalInterface
  public interface Progress {
    void epochDone(EpochResult result);
  }

  public static Result train(
      DatasetSplits splits, Architecture architecture, TrainingSettings settings, String command, Progress progress) {
    if (architecture.isTorchScript()) {
      throw new InvalidInputException("--arch", architecture.spec(), "train-teacher builds a model; a TorchScript model is imported, not trained");
    }
    splits.requireAll();
    ImageDataset train = ParquetImageDatasets.read(splits.train());
    ImageDataset validation = ParquetImageDatasets.read(splits.validation());
    ImageDataset test = ParquetImageDatasets.read(splits.test());
    checkFits(architecture, train, splits.train().toString());
    long start = System.nanoTime();
    ParameterSet initial = Initialization.forTraining(architecture, settings.seed());
    List<EpochResult> epochs = new ArrayList<>();
    double testAccuracy;
    ParameterSet trained;
    try (Classifier classifier = Classifier.open(architecture, initial, null, null)) {
      InMemoryBatches validationBatches = new InMemoryBatches(validation);
      long[] epochStart = {System.nanoTime()};
      TrainingLoop.train(classifier, new InMemoryBatches(train), settings, TrainingLoop.CROSS_ENTROPY, TrainingLoop.AfterStep.NOTHING,
          report -> {
            double validationAccuracy = Predictions.of(classifier, validationBatches, 1000).accuracy();
            EpochResult result = new EpochResult(report.epoch(), report.meanLoss(), report.trainAccuracy(), validationAccuracy,
                (System.nanoTime() - epochStart[0]) / 1e9);
            epochStart[0] = System.nanoTime();
            epochs.add(result);
            progress.epochDone(result);
          });
      testAccuracy = Predictions.of(classifier, new InMemoryBatches(test), 1000).accuracy();
      trained = classifier.parameters();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LineageEntry stage = new LineageEntry.Train(architecture.spec(), settings.epochs(), settings.batchSize(), settings.learningRate(),
        settings.cosine() ? "cosine" : "constant", "adam", settings.seed());
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("train_sha256", train.provenance().get("file_sha256"));
    provenance.put("validation_sha256", validation.provenance().get("file_sha256"));
    provenance.put("test_sha256", test.provenance().get("file_sha256"));
    provenance.put("data", splits.folder().toString());
    Map<String, Object> metrics = new LinkedHashMap<>();
    EpochResult last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    if (last != null) {
      metrics.put("train_accuracy", last.trainAccuracy());
      metrics.put("validation_accuracy", last.validationAccuracy());
    }
    metrics.put("test_accuracy", testAccuracy);
    ModelArtifact artifact = ModelArtifact.create(
        architecture, trained, null, null, train.shape(), train.classNames(), List.of(stage), command, provenance, metrics);
    return new Result(artifact, epochs, testAccuracy, seconds);
  }

  /** Checks that the architecture takes the data's images and gives one score per class. */
  public static void checkFits(Architecture architecture, ImageDataset data, String source) {
    if (architecture.isTorchScript()) {
      return;
    }
    if (architecture.inputShape() != null && !architecture.inputShape().equals(data.shape())) {
      throw new InvalidInputException(source, "image shape", "is " + data.shape() + ", " + architecture + " expects " + architecture.inputShape());
    }
    if (architecture.inputFeatures() != data.shape().pixelCount()) {
      throw new InvalidInputException(source, "image shape",
          "gives " + data.shape().pixelCount() + " inputs (" + data.shape() + "), " + architecture + " expects " + architecture.inputFeatures());
    }
    if (architecture.classCount() != data.classCount()) {
      throw new InvalidInputException(source, "classes",
          "has " + data.classCount() + " classes, " + architecture + " gives " + architecture.classCount() + " scores");
    }
  }
}
