package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the four edgesweep splits of Fashion-MNIST from its official IDX files.
 *
 * <p>The official test set stays the test split. Validation (5,000) is drawn, stratified, from
 * the official training set and the remaining 55,000 are train; calibration (1,000) is drawn,
 * stratified, from that train split, since quantization ranges may see training data but
 * selection must not.
 */
public final class FashionMnistImport {
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final Path DEBIAN_SOURCE = Path.of("/usr/share/datasets/fashion-mnist");

  /** Class names in label order, from the Fashion-MNIST README (Zalando Research, MIT licence). */
  public static final List<String> CLASS_NAMES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  public static final int VALIDATION_SIZE = 5_000;
  public static final int CALIBRATION_SIZE = 1_000;

  private FashionMnistImport() {}

  /** The sizes of the splits written, for the command to print. */
  public record Result(Map<String, Integer> splitSizes, Path folder) {}

  public static Result importSplits(Path source, Path out, long seed, String command) throws IOException {
    Path trainImages = find(source, "train-images-idx3-ubyte");
    Path trainLabels = find(source, "train-labels-idx1-ubyte");
    Path testImages = find(source, "t10k-images-idx3-ubyte");
    Path testLabels = find(source, "t10k-labels-idx1-ubyte");
    ImageDataset officialTrain = IdxImporter.read(trainImages, trainLabels, CLASS_NAMES);
    ImageDataset officialTest = IdxImporter.read(testImages, testLabels, CLASS_NAMES);

    Map<String, String> common = new LinkedHashMap<>();
    common.put("dataset", "Fashion-MNIST");
    common.put("licence", "MIT, Zalando Research (https://github.com/zalandoresearch/fashion-mnist)");
    common.put("source_folder", source.toString());
    common.put("seed", Long.toString(seed));
    common.put("command", command);

    StratifiedSampler.Split validationSplit =
        StratifiedSampler.sample(officialTrain.labels(), officialTrain.classCount(), VALIDATION_SIZE, seed);
    ImageDataset validation = officialTrain.subset(validationSplit.chosen(), with(common, "split", "validation: 5,000 stratified from the official train set"));
    ImageDataset train = officialTrain.subset(validationSplit.rest(), with(common, "split", "train: the official train set less validation"));
    StratifiedSampler.Split calibrationSplit =
        StratifiedSampler.sample(train.labels(), train.classCount(), CALIBRATION_SIZE, seed + 1);
    ImageDataset calibration = train.subset(calibrationSplit.chosen(), with(common, "split", "calibration: 1,000 stratified from train"));
    ImageDataset test = officialTest.withProvenance(with(common, "split", "test: the official test set"));

    return write(out, Map.of(
        DatasetSplits.TRAIN, train,
        DatasetSplits.VALIDATION, validation,
        DatasetSplits.CALIBRATION, calibration,
        DatasetSplits.TEST, test));
  }

  /** Writes the four splits into {@code out} as one folder, atomically. */
  static Result write(Path out, Map<String, ImageDataset> splits) throws IOException {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    AtomicFiles.writeFolder(
        out,
        true,
        temporary -> {
          for (String name : DatasetSplits.ALL) {
            ImageDataset split = splits.get(name);
            ParquetImageDatasets.write(split, new DatasetSplits(temporary).split(name));
            sizes.put(name, split.size());
          }
        });
    return new Result(sizes, out);
  }

  static int[] identity(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static Path find(Path folder, String stem) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(
          folder.toString(), null,
          "no Fashion-MNIST here; install it with `apt-get install dataset-fashion-mnist` or pass --source");
    }
    for (String name : List.of(stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz", stem.replace("-idx", ".idx"))) {
      Path candidate = folder.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new InvalidInputException(
        folder.toString(), stem,
        "file missing (looked for " + stem + ".gz and " + stem + "); install it with `apt-get install dataset-fashion-mnist`");
  }
}
