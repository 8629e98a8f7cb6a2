package io.edgesweep.pipeline;

import io.edgesweep.compress.StageSpec;
import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the user wrote it in YAML, checked: the data, the teacher, the grid, the devices and any
 * per-device policy the sweep sets in place of a profile's.
 *
 * <p>Paths are resolved against the spec file's folder, so a spec and its data can move together.
 * The grid is an ordered list of stage sections, each read by its stage kind; a variant is one
 * choice of every stage (see {@link SweepGrid}).
 */
public record SweepSpec(
    String file,
    String name,
    long seed,
    Path data,
    Teacher teacher,
    List<StageSpec> stages,
    List<Path> devices,
    int evaluationBatchSize,
    Map<String, DevicePolicy> constraints)
    implements Serializable {

  /** A spec without policy overrides. */
  public SweepSpec(String file, String name, long seed, Path data, Teacher teacher, List<StageSpec> stages, List<Path> devices, int evaluationBatchSize) {
    this(file, name, seed, data, teacher, stages, devices, evaluationBatchSize, Map.of());
  }

  public SweepSpec {
    constraints = Map.copyOf(constraints);
  }

  /**
   * A spec's {@code constraints.<device id>} entry: policy values that replace the profile's for
   * this sweep only (null keeps the profile's). Hardware budgets and the floor's confidence are not
   * among them: a sweep may lower a floor, never make a model fit or weaken the evidence asked for.
   */
  public record DevicePolicy(Double accuracyFloor, Double latencyBudgetMs, Long maxModelBytes) implements Serializable {}

  /** The model every variant derives from: an artifact folder, or an architecture to train first. */
  public record Teacher(Path model, String arch, TrainingSettings training) implements Serializable {
    public boolean trainsFirst() {
      return model == null;
    }
  }

  /** The section of the given stage kind, or null when the grid does not have that stage. */
  public <T extends StageSpec> T stage(Class<T> type) {
    for (StageSpec stage : stages) {
      if (type.isInstance(stage)) {
        return type.cast(stage);
      }
    }
    return null;
  }
}
