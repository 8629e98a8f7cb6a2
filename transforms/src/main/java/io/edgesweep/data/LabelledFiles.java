package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every reader of an image file and a label file (IDX, NumPy) does alike: names the classes
 * and records where the pair came from.
 */
final class LabelledFiles {
  private LabelledFiles() {}

  /**
   * The class names for {@code labelValues}: those given, or "0".."max" when none are; every label
   * must name one of them.
   */
  static List<String> classNames(Path labels, int[] labelValues, List<String> given) {
    List<String> names = given;
    if (names == null) {
      int maxLabel = 0;
      for (int label : labelValues) {
        maxLabel = Math.max(maxLabel, label);
      }
      names = new ArrayList<>();
      for (int c = 0; c <= maxLabel; c++) {
        names.add(Integer.toString(c));
      }
    }
    if (names.size() < 2) {
      throw new InvalidInputException(labels.toString(), "labels", "a classifier needs at least two classes");
    }
    for (int i = 0; i < labelValues.length; i++) {
      if (labelValues[i] < 0 || labelValues[i] >= names.size()) {
        throw new InvalidInputException(labels.toString(), "label " + i,
            "value " + labelValues[i] + " is outside 0.." + (names.size() - 1) + " for " + names.size() + " class names");
      }
    }
    return names;
  }

  /** The files' names and SHA-256, for the dataset's provenance. */
  static Map<String, String> provenance(Path images, Path labels) {
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("source_images", images.getFileName().toString());
    provenance.put("source_images_sha256", ParquetImageDatasets.sha256(images));
    provenance.put("source_labels", labels.getFileName().toString());
    provenance.put("source_labels_sha256", ParquetImageDatasets.sha256(labels));
    return provenance;
  }
}
