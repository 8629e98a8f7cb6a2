package io.edgesweep.pipeline;

import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep as the user wrote it in YAML, checked: the data, the teacher, the grid and the devices.
 *
 * <p>Paths are resolved against the spec file's folder, so a spec and its data can move together.
 * The grid's lists are the axes; a variant is one value from each axis (see {@link SweepGrid}).
 */
public record SweepSpec(
    String file,
    String name,
    long seed,
    Path data,
    Teacher teacher,
    Distillation distillation,
    Pruning pruning,
    Quantization quantization,
    List<Path> devices,
    int evaluationBatchSize)
    implements Serializable {

  /** The model every variant derives from: an artifact folder, or an architecture to train first. */
  public record Teacher(Path model, String arch, TrainingSettings training) implements Serializable {
    public boolean trainsFirst() {
      return model == null;
    }
  }

  /**
   * Students and temperatures; a temperature of null is "none": the student learns from labels
   * alone. The student "teacher" stands for the teacher's own architecture.
   */
  public record Distillation(
      List<String> students, List<Double> temperatures, double alpha, int epochs, int batchSize, double learningRate)
      implements Serializable {}

  /** Pruning methods and ratios; ratio 0 leaves the model as it is (no fine-tune). */
  public record Pruning(List<String> methods, List<Double> ratios, int fineTuneEpochs, int batchSize, double learningRate)
      implements Serializable {}

  /** Weight formats ("32" is the float model, "fp16", or integer widths 2-16) and their options. */
  public record Quantization(
      List<String> weights, List<String> granularities, List<String> schemes, List<String> activations, String calibration)
      implements Serializable {}
}
