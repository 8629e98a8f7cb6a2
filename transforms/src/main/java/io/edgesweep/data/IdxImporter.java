package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an IDX image file and its label file into an {@link ImageDataset}.
 *
 * <p>Works for any IDX pair (MNIST, Fashion-MNIST, KMNIST, EMNIST): the image shape comes from the
 * header, and class names are given by the caller or default to the label values.
 */
public final class IdxImporter {
  private IdxImporter() {}

  /**
   * Reads the pair and checks that they belong together.
   *
   * @param classNames the names of the classes by label, or null to name them "0", "1", ...
   */
  public static ImageDataset read(Path images, Path labels, List<String> classNames) {
    IdxFile imageFile = IdxFile.read(images);
    IdxFile labelFile = IdxFile.read(labels);
    int[] imageDims = imageFile.dimensions();
    ImageShape shape;
    if (imageDims.length == 3) {
      shape = new ImageShape(1, imageDims[1], imageDims[2]);
    } else if (imageDims.length == 4) {
      shape = new ImageShape(imageDims[1], imageDims[2], imageDims[3]);
    } else {
      throw new InvalidInputException(
          images.toString(), "header", "an image file has 3 or 4 dimensions, this one has " + imageDims.length
              + (imageDims.length == 1 ? " (is it the label file?)" : ""));
    }
    if (labelFile.dimensions().length != 1) {
      throw new InvalidInputException(
          labels.toString(), "header", "a label file has 1 dimension, this one has " + labelFile.dimensions().length
              + " (is it the image file?)");
    }
    if (imageFile.count() != labelFile.count()) {
      throw new InvalidInputException(
          labels.toString(),
          "count",
          labelFile.count() + " labels for " + imageFile.count() + " images in " + images);
    }
    byte[] rawLabels = labelFile.values();
    int[] labelValues = new int[rawLabels.length];
    int maxLabel = 0;
    for (int i = 0; i < rawLabels.length; i++) {
      labelValues[i] = rawLabels[i] & 0xFF;
      maxLabel = Math.max(maxLabel, labelValues[i]);
    }
    List<String> names = classNames;
    if (names == null) {
      names = new ArrayList<>();
      for (int c = 0; c <= maxLabel; c++) {
        names.add(Integer.toString(c));
      }
    }
    if (names.size() < 2) {
      throw new InvalidInputException(labels.toString(), "labels", "a classifier needs at least two classes");
    }
    for (int i = 0; i < labelValues.length; i++) {
      if (labelValues[i] >= names.size()) {
        throw new InvalidInputException(
            labels.toString(),
            "label " + i,
            "value " + labelValues[i] + " is outside 0.." + (names.size() - 1) + " for " + names.size() + " class names");
      }
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("source_images", images.getFileName().toString());
    provenance.put("source_images_sha256", ParquetImageDatasets.sha256(images));
    provenance.put("source_labels", labels.getFileName().toString());
    provenance.put("source_labels_sha256", ParquetImageDatasets.sha256(labels));
    return new ImageDataset(shape, names, imageFile.values(), labelValues, provenance);
  }
}
