package io.edgesweep.pipeline;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import java.io.Serializable;

/**
 * The SHA-256 of each split file, part of every stage key that reads the split.
 *
 * <p>Re-importing the data with another seed changes the hashes and so invalidates exactly the
 * stored stages that read it.
 */
public record DataFingerprint(String train, String validation, String calibration, String test) implements Serializable {
  /** The four hashes, in the splits' order. */
  public java.util.List<String> all() {
    return java.util.List.of(train, validation, calibration, test);
  }

  public static DataFingerprint of(DatasetSplits splits) {
    splits.requireAll();
    return new DataFingerprint(
        ParquetImageDatasets.sha256(splits.train()),
        ParquetImageDatasets.sha256(splits.validation()),
        ParquetImageDatasets.sha256(splits.calibration()),
        ParquetImageDatasets.sha256(splits.test()));
  }
}
