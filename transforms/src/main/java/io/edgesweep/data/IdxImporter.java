package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
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
    for (int i = 0; i < rawLabels.length; i++) {
      labelValues[i] = rawLabels[i] & 0xFF;
    }
    List<String> names = LabelledFiles.classNames(labels, labelValues, classNames);
    Map<String, String> provenance = LabelledFiles.provenance(images, labels);
    return new ImageDataset(shape, names, imageFile.values(), labelValues, provenance);
  }
}
