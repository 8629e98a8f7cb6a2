package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.TeacherTraining;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a student architecture from scratch on the train split with the KD loss of its settings.
 *
 * <p>The student starts from PyTorch's default initialization drawn with the training seed
 * ({@link Initialization}), and batches come in the seed's order, so the same teacher logits,
 * data, settings and thread count give the same student bit for bit. A student of the teacher's
 * own architecture without a temperature would be the teacher retrained from scratch on labels:
 * by the design's rule it IS the teacher, so the teacher artifact is returned as it is.
 */
public final class Distiller {
  private Distiller() {}

  public static ModelArtifact distill(
      ModelArtifact teacher, TeacherLogits logits, ImageDataset train, Architecture student, DistillationSettings settings, String command) {
    return distill(teacher, logits, train, student, settings, command, TrainingLoop.EpochListener.SILENT);
  }

  /**
   * Distils one student.
   *
   * @param logits the teacher's logits on {@code train}; null is allowed when the settings have
   *     no temperature (or α = 0), because then the student learns from labels only
   * @param listener told after every epoch, for a command that prints progress
   */
  public static ModelArtifact distill(
      ModelArtifact teacher,
      TeacherLogits logits,
      ImageDataset train,
      Architecture student,
      DistillationSettings settings,
      String command,
      TrainingLoop.EpochListener listener) {
    if (settings.temperature() == null && student.equals(teacher.architecture())) {
      return teacher;
    }
    if (student.isTorchScript()) {
      throw new InvalidInputException("student architecture", student.spec(),
          "a TorchScript module brings its own weights and cannot be initialized as a student; use mlp:..., lenet5 or cnn:...");
    }
    TeacherTraining.checkFits(student, train, "train split");
    if (settings.usesTeacher()) {
      if (logits == null) {
        throw new InvalidInputException("teacher logits", null,
            "missing: distillation at T=" + settings.temperature() + " needs the teacher's logits on the train split");
      }
      logits.checkMatches(teacher, train, "distillation of " + student);
    }
    TrainingSettings training = settings.training();
    ParameterSet trained;
    List<TrainingLoop.EpochReport> reports;
    try (Classifier classifier = Classifier.open(student, Initialization.forTraining(student, training.seed()), null, null)) {
      reports = TrainingLoop.train(classifier, new InMemoryBatches(train), training,
          DistillationLoss.of(settings, logits), TrainingLoop.AfterStep.NOTHING, listener);
      trained = classifier.parameters();
    }
    LineageEntry stage = new LineageEntry.Distill(student.spec(), settings.temperatureLabel(), settings.alpha(), training.epochs(),
        training.learningRate(), training.batchSize(), training.cosine() ? "cosine" : "constant", "adam", training.seed(),
        teacher.parametersSha256(), TeacherLogits.datasetSha256(train));
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (!reports.isEmpty()) {
      TrainingLoop.EpochReport last = reports.get(reports.size() - 1);
      metrics.put("train_loss", last.meanLoss());
      metrics.put("train_accuracy", last.trainAccuracy());
    }
    return teacher.derive(student, trained, null, stage, command, metrics);
  }
}
