package io.edgesweep.pipeline;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import java.io.IOException;

/**
 * Reads every record of every split before a job starts, so that a bad split fails in seconds
 * rather than after the grid has trained.
 *
 * <p>Each split must hold at least one example (an empty train split would publish an untrained
 * student; an empty validation split has no accuracy), every record must have a label among the
 * classes and a payload of the image's size, and all splits must agree on image shape and classes.
 */
public final class SplitChecks {
  private SplitChecks() {}

  /** Checks all four splits; returns the train split's header. */
  public static ParquetImageDatasets.Header check(DatasetSplits splits) {
    splits.requireAll();
    ParquetImageDatasets.Header train = null;
    for (String name : DatasetSplits.ALL) {
      ParquetImageDatasets.Header header = checkOne(splits, name);
      if (train == null) {
        train = header;
      } else {
        String source = splits.split(name).toString();
        if (!header.shape().equals(train.shape())) {
          throw new InvalidInputException(source, "metadata " + ParquetImageDatasets.SHAPE_KEY, "image shape " + header.shape()
              + " differs from the train split's " + train.shape());
        }
        if (!header.classNames().equals(train.classNames())) {
          throw new InvalidInputException(source, "metadata " + ParquetImageDatasets.CLASSES_KEY, "classes " + header.classNames()
              + " differ from the train split's " + train.classNames());
        }
      }
    }
    return train;
  }

  private static ParquetImageDatasets.Header checkOne(DatasetSplits splits, String name) {
    String source = splits.split(name).toString();
    long rows = 0;
    try (ParquetImageDatasets.RecordStream stream = ParquetImageDatasets.stream(splits.split(name))) {
      byte[] pixels = new byte[stream.header().shape().pixelCount()];
      while (stream.next(pixels) >= 0) {
        rows++;
      }
      if (rows == 0) {
        throw new InvalidInputException(source, null, "the " + name + " split has no examples; " + why(name));
      }
      return stream.header();
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private static String why(String name) {
    return switch (name) {
      case DatasetSplits.TRAIN -> "training needs at least one";
      case DatasetSplits.VALIDATION -> "every variant's accuracy is measured on it";
      case DatasetSplits.CALIBRATION -> "quantization ranges are calibrated on it";
      default -> "picked models are measured on it";
    };
  }
}
