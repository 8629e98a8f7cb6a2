package io.edgesweep.pipeline;

import io.edgesweep.compress.StageSpec;
import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep as the user wrote it in YAML, checked: the data, the teacher, the grid and the devices.
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
    int evaluationBatchSize)
    implements Serializable {

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
