package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The four splits of a dataset folder, by the file names every command agrees on.
 *
 * <p>train fits weights, validation drives selection, calibration sets quantization ranges and
 * test is touched only by the final check of a picked model, so that the accuracy reported for a
 * pick was never used to choose it.
 */
public record DatasetSplits(Path folder) {
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String CALIBRATION = "calibration";
  public static final String TEST = "test";
  public static final List<String> ALL = List.of(TRAIN, VALIDATION, CALIBRATION, TEST);

  public Path train() {
    return split(TRAIN);
  }

  public Path validation() {
    return split(VALIDATION);
  }

  public Path calibration() {
    return split(CALIBRATION);
  }

  public Path test() {
    return split(TEST);
  }

  public Path split(String name) {
    return folder.resolve(name + ".parquet");
  }

  /** Checks that every split file is there, naming the first one missing. */
  public DatasetSplits requireAll() {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(folder.toString(), null, "no such dataset folder");
    }
    for (String name : ALL) {
      if (!Files.isRegularFile(split(name))) {
        throw new InvalidInputException(
            folder.toString(), name, "split file " + split(name).getFileName() + " is missing; a dataset folder holds "
                + String.join(", ", ALL.stream().map(n -> n + ".parquet").toList()));
      }
    }
    return this;
  }
}
