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
import java.util.ArrayList;
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
    if (isTeacher(teacher, student, settings)) {
      return teacher;
    }
    check(teacher, logits, train, student, settings);
    TrainingSettings training = settings.training();
    try (Classifier classifier = Classifier.open(student, Initialization.forTraining(student, training.seed()), null, null)) {
      List<TrainingLoop.EpochReport> reports = TrainingLoop.train(classifier, new InMemoryBatches(train), training,
          DistillationLoss.of(settings, logits), TrainingLoop.AfterStep.NOTHING, listener);
      return result(teacher, train, student, settings, classifier.parameters(), reports, command);
    }
  }

  /**
   * One student to distil.
   *
   * @param logits the teacher's logits on the train split; null when the settings use labels only
   */
  public record Student(Architecture architecture, DistillationSettings settings, TeacherLogits logits) {}

  /**
   * Distils several students, those of one architecture and one training (which fix their
   * initialization and data order) together in one pass over the data ({@link
   * TrainingLoop#trainTogether}); each comes out as {@link #distill} alone makes it, bit for bit.
   *
   * @return the students' models, in order
   */
  public static List<ModelArtifact> distillTogether(ModelArtifact teacher, ImageDataset train, List<Student> students, String command) {
    ModelArtifact[] out = new ModelArtifact[students.size()];
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < students.size(); i++) {
      Student s = students.get(i);
      if (isTeacher(teacher, s.architecture(), s.settings())) {
        out[i] = teacher;
      } else {
        check(teacher, s.logits(), train, s.architecture(), s.settings());
        groups.computeIfAbsent(List.of(s.architecture(), s.settings().training()), k -> new ArrayList<>()).add(i);
      }
    }
    for (List<Integer> group : groups.values()) {
      Architecture architecture = students.get(group.get(0)).architecture();
      TrainingSettings training = students.get(group.get(0)).settings().training();
      List<Classifier> classifiers = new ArrayList<>();
      try {
        List<TrainingLoop.Member> members = new ArrayList<>();
        for (int i : group) {
          Classifier c = Classifier.open(architecture, Initialization.forTraining(architecture, training.seed()), null, null);
          classifiers.add(c);
          members.add(new TrainingLoop.Member(c, DistillationLoss.of(students.get(i).settings(), students.get(i).logits()),
              TrainingLoop.AfterStep.NOTHING));
        }
        List<List<TrainingLoop.EpochReport>> reports = TrainingLoop.trainTogether(members, new InMemoryBatches(train), training);
        for (int g = 0; g < group.size(); g++) {
          Student s = students.get(group.get(g));
          out[group.get(g)] = result(teacher, train, architecture, s.settings(), classifiers.get(g).parameters(), reports.get(g), command);
        }
      } finally {
        classifiers.forEach(Classifier::close);
      }
    }
    return List.of(out);
  }

  /** A student of the teacher's own architecture without a temperature is the teacher (the design's rule). */
  private static boolean isTeacher(ModelArtifact teacher, Architecture student, DistillationSettings settings) {
    return settings.temperature() == null && student.equals(teacher.architecture());
  }

  private static void check(ModelArtifact teacher, TeacherLogits logits, ImageDataset train, Architecture student, DistillationSettings settings) {
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
  }

  /** The trained student as a model of the teacher's lineage, with its last epoch's figures. */
  private static ModelArtifact result(ModelArtifact teacher, ImageDataset train, Architecture student, DistillationSettings settings,
      ParameterSet trained, List<TrainingLoop.EpochReport> reports, String command) {
    TrainingSettings training = settings.training();
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
