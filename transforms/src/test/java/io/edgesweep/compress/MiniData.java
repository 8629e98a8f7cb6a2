package io.edgesweep.compress;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.List;
import java.util.Map;

/**
 * The mini Fashion-MNIST splits and a teacher trained on them, shared by the compression tests.
 *
 * <p>Surefire runs all test classes in one reused JVM, so the teacher (mlp:784-300-100-10, 10
 * epochs on 6,000 images, seed 1) is trained once for all of them.
 */
final class MiniData {
  static final String TEACHER_ARCH = "mlp:784-300-100-10";

  private static ImageDataset train;
  private static ImageDataset validation;
  private static ImageDataset calibration;
  private static ModelArtifact teacher;
  private static TeacherLogits teacherLogits;

  private MiniData() {}

  static synchronized ImageDataset train() {
    if (train == null) {
      train = ParquetImageDatasets.read(TestData.mini().train());
    }
    return train;
  }

  static synchronized ImageDataset validation() {
    if (validation == null) {
      validation = ParquetImageDatasets.read(TestData.mini().validation());
    }
    return validation;
  }

  static synchronized ImageDataset calibration() {
    if (calibration == null) {
      calibration = ParquetImageDatasets.read(TestData.mini().calibration());
    }
    return calibration;
  }

  static synchronized ModelArtifact teacher() {
    if (teacher == null) {
      Architecture arch = Architecture.parse(TEACHER_ARCH);
      TrainingSettings settings = new TrainingSettings(10, 128, 1e-3, true, 1);
      ParameterSet trained;
      try (Classifier c = Classifier.open(arch, Initialization.pytorchDefault(arch, 1), null, null)) {
        TrainingLoop.train(c, new InMemoryBatches(train()), settings, TrainingLoop.CROSS_ENTROPY,
            TrainingLoop.AfterStep.NOTHING, TrainingLoop.EpochListener.SILENT);
        trained = c.parameters();
      }
      teacher = ModelArtifact.create(arch, trained, null, null, train().shape(), train().classNames(),
          List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "train", "arch", TEACHER_ARCH, "epochs", 10, "seed", 1))), "MiniData.teacher()", Map.of(), Map.of());
    }
    return teacher;
  }

  static synchronized TeacherLogits teacherLogits() {
    if (teacherLogits == null) {
      teacherLogits = TeacherLogits.compute(teacher(), train());
    }
    return teacherLogits;
  }

  static double validationAccuracy(ModelArtifact model) {
    try (Classifier c = model.open()) {
      return Predictions.of(c, new InMemoryBatches(validation()), 500).accuracy();
    }
  }

  static float[] validationLogits(ModelArtifact model) {
    try (Classifier c = model.open()) {
      return Predictions.of(c, new InMemoryBatches(validation()), 500).logits();
    }
  }

  /** An untrained model of {@code spec}, for tests that need weights but not accuracy. */
  static ModelArtifact untrained(String spec, long seed) {
    Architecture arch = Architecture.parse(spec);
    return ModelArtifact.create(arch, Initialization.pytorchDefault(arch, seed), null, null, validation().shape(),
        validation().classNames(), List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "init", "seed", seed))), "MiniData.untrained", Map.of(), Map.of());
  }
}
