package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.DatasetSubset;
import io.edgesweep.data.FashionMnistImport;
import io.edgesweep.data.IdxImporter;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageFolderImport;
import io.edgesweep.data.NpyImport;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.data.SplitDraw;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep datasets ...}: import IDX, image-folder and NumPy data into Parquet splits. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Import (IDX, image folders, NumPy), subset and export image datasets (Parquet: label:int, pixels:bytes).",
    subcommands = {
      DatasetsCommand.ImportIdx.class,
      DatasetsCommand.ImportFolder.class,
      DatasetsCommand.ImportNpy.class,
      DatasetsCommand.ImportFashionMnist.class,
      DatasetsCommand.Subset.class,
      DatasetsCommand.ExportNpy.class
    })
public final class DatasetsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options of the imports that draw four splits from one pool of images. */
  static final class SplitOptions {
    @Option(names = "--seed", defaultValue = "20260101", description = "Seed of the stratified draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
        description = "Share of the images drawn for validation. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--test-fraction", defaultValue = "0.1",
        description = "Share of the images drawn for test when no test set is given. Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--calibration-size", defaultValue = "1000",
        description = "Most images drawn from train for calibration (at most a tenth of train). Default: ${DEFAULT-VALUE}.")
    int calibrationSize;

    SplitDraw draw() {
      try {
        return new SplitDraw(validationFraction, testFraction, calibrationSize);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("--validation-fraction/--test-fraction/--calibration-size", null, e.getMessage(), e);
      }
    }

    String[] describe() {
      return new String[] {"--seed", Long.toString(seed), "--validation-fraction", Double.toString(validationFraction),
          "--test-fraction", Double.toString(testFraction), "--calibration-size", Integer.toString(calibrationSize)};
    }
  }

  /** Writes one Parquet file when {@code out} ends in .parquet, else a dataset folder of four splits. */
  static void writeImport(String source, ImageDataset pool, ImageDataset givenTest, Path out, SplitOptions splits, String command)
      throws java.io.IOException {
    Map<String, String> common = new LinkedHashMap<>(pool.provenance());
    common.put("command", command);
    common.put("seed", Long.toString(splits.seed));
    if (out.getFileName().toString().endsWith(".parquet")) {
      if (givenTest != null) {
        throw new InvalidInputException(out.toString(), null, "one .parquet file holds one split; give a folder to write four splits with a test set");
      }
      ParquetImageDatasets.write(pool.withProvenance(common), out);
      System.out.printf("wrote %,d images of %s in %d classes to %s%n", pool.size(), pool.shape(), pool.classCount(), out);
      return;
    }
    FashionMnistImport.Result result = splits.draw().drawAndWrite(source, pool, givenTest, splits.seed, common, out);
    System.out.printf("%d classes: %s; images %s%n", pool.classCount(), String.join(", ", pool.classNames()), pool.shape());
    result.splitSizes().forEach((name, size) -> System.out.printf("%-12s %,7d images  %s%n", name, size, new DatasetSplits(out).split(name)));
  }

  /** Reads an image file and its label file (IDX, NumPy) with the class names given, or null. */
  interface PairReader {
    ImageDataset read(Path images, Path labels, List<String> classNames);
  }

  /** The files of the imports of an image file and its label file, with an optional test pair. */
  static final class PairFiles {
    @Option(names = "--images", required = true, description = "Image file (IDX idx3-ubyte, optionally .gz; or NumPy .npy).")
    Path images;

    @Option(names = "--labels", required = true, description = "Label file of the same format, one label per image.")
    Path labels;

    @Option(names = "--test-images", description = "Image file of a test set, kept whole as the test split.")
    Path testImages;

    @Option(names = "--test-labels", description = "Label file of that test set.")
    Path testLabels;

    @Option(names = "--classes", split = ",", description = "Class names in label order; default: the label values.")
    List<String> classes;

    @Option(names = "--out", required = true, description = "Parquet file (X.parquet) or dataset folder to write.")
    Path out;

    int importPair(String subcommand, PairReader reader, SplitOptions splits) throws java.io.IOException {
      ImageDataset pool = reader.read(images, labels, classes);
      ImageDataset test = null;
      List<String> parts = new java.util.ArrayList<>(List.of("--images", images.toString(), "--labels", labels.toString()));
      if ((testImages == null) != (testLabels == null)) {
        throw new InvalidInputException(testImages == null ? "--test-labels" : "--test-images", null,
            "--test-images and --test-labels go together");
      }
      if (testImages != null) {
        test = reader.read(testImages, testLabels, pool.classNames());
        parts.addAll(List.of("--test-images", testImages.toString(), "--test-labels", testLabels.toString()));
      }
      if (classes != null) {
        parts.addAll(List.of("--classes", String.join(",", classes)));
      }
      parts.addAll(List.of("--out", out.toString()));
      String command = CommandLines.describe(subcommand, concat(parts.toArray(String[]::new), splits.describe()));
      writeImport(images.toString(), pool, test, out, splits, command);
      return 0;
    }
  }

  static String[] concat(String[] first, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
  }

  @Command(name = "import-idx", mixinStandardHelpOptions = true,
      description = {"Import an IDX image/label pair (gzipped or not) as one split or as four stratified splits.",
          "--out X.parquet writes one Parquet file; --out DIR a dataset folder of four splits.",
          "--test-images/--test-labels give an official test pair, kept whole as the test split."})
  static final class ImportIdx implements Callable<Integer> {
    @picocli.CommandLine.Mixin PairFiles files = new PairFiles();

    @picocli.CommandLine.Mixin SplitOptions splits = new SplitOptions();

    @Override
    public Integer call() throws Exception {
      return files.importPair("datasets import-idx", IdxImporter::read, splits);
    }
  }

  /** Parses {@code --size HxW}. */
  static final class SizeConverter implements picocli.CommandLine.ITypeConverter<ImageFolderImport.Size> {
    @Override
    public ImageFolderImport.Size convert(String value) {
      try {
        return ImageFolderImport.Size.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(name = "import-folder", mixinStandardHelpOptions = true,
      description = {"Import a folder of PNG/JPEG images with one sub-folder per class as four stratified splits.",
          "The layout is torchvision's ImageFolder; class names are the sub-folder names, sorted."})
  static final class ImportFolder implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Folder with one sub-folder of images per class.")
    Path from;

    @Option(names = "--test-from", description = "A test folder of the same layout and classes, kept whole as the test split.")
    Path testFrom;

    @Option(names = "--size", converter = SizeConverter.class,
        description = "Resize every image to HxW (bilinear), e.g. 32x32; without it all images must have one size.")
    ImageFolderImport.Size size;

    @Option(names = "--grayscale", description = "One channel (ITU-R 601 luma) instead of RGB.")
    boolean grayscale;

    @Option(names = "--out", required = true, description = "Dataset folder to write.")
    Path out;

    @picocli.CommandLine.Mixin SplitOptions splits = new SplitOptions();

    @Override
    public Integer call() throws Exception {
      ImageFolderImport.Target target = new ImageFolderImport.Target(size, grayscale);
      ImageDataset pool = ImageFolderImport.read(from, target, null);
      ImageDataset test = testFrom == null ? null : ImageFolderImport.read(testFrom, target, pool.classNames());
      if (test != null && !test.shape().equals(pool.shape())) {
        throw new InvalidInputException(testFrom.toString(), null,
            "holds " + test.shape() + " images, " + from + " holds " + pool.shape() + "; pass --size HxW to resize both to one size");
      }
      List<String> parts = new java.util.ArrayList<>(List.of("--from", from.toString()));
      if (testFrom != null) {
        parts.addAll(List.of("--test-from", testFrom.toString()));
      }
      if (size != null) {
        parts.addAll(List.of("--size", size.toString()));
      }
      if (grayscale) {
        parts.add("--grayscale");
      }
      parts.addAll(List.of("--out", out.toString()));
      String command = CommandLines.describe("datasets import-folder", concat(parts.toArray(String[]::new), splits.describe()));
      if (out.getFileName().toString().endsWith(".parquet")) {
        throw new InvalidInputException(out.toString(), null, "import-folder writes a dataset folder of four splits, not one .parquet file");
      }
      writeImport(from.toString(), pool, test, out, splits, command);
      return 0;
    }
  }

  @Command(name = "import-npy", mixinStandardHelpOptions = true,
      description = {"Import NumPy .npy images and labels as one split or as four stratified splits: the inverse of export-npy.",
          "Images uint8 [N,C,H,W] or [N,H,W], labels any integer type [N].",
          "--out X.parquet writes one split; --out DIR draws four."})
  static final class ImportNpy implements Callable<Integer> {
    @picocli.CommandLine.Mixin PairFiles files = new PairFiles();

    @picocli.CommandLine.Mixin SplitOptions splits = new SplitOptions();

    @Override
    public Integer call() throws Exception {
      return files.importPair("datasets import-npy", NpyImport::read, splits);
    }
  }

  @Command(name = "import-fashion-mnist", mixinStandardHelpOptions = true,
      description = "Write train (55,000), validation (5,000), calibration (1,000) and test (10,000) splits of Fashion-MNIST.")
  static final class ImportFashionMnist implements Callable<Integer> {
    @Option(names = "--source", defaultValue = "/usr/share/datasets/fashion-mnist",
        description = "Folder with the official IDX files (Debian: apt-get install dataset-fashion-mnist). Default: ${DEFAULT-VALUE}.")
    Path source;

    @Option(names = "--out", required = true, description = "Dataset folder to write, e.g. datasets/fashion-mnist.")
    Path out;

    @Option(names = "--seed", defaultValue = "20260101", description = "Seed of the stratified draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
      String command = CommandLines.describe("datasets import-fashion-mnist", "--source", source.toString(), "--out", out.toString(), "--seed", Long.toString(seed));
      FashionMnistImport.Result result = FashionMnistImport.importSplits(source, out, seed, command);
      result.splitSizes().forEach((name, size) -> System.out.printf("%-12s %,7d images  %s%n", name, size, new DatasetSplits(out).split(name)));
      return 0;
    }
  }

  @Command(name = "subset", mixinStandardHelpOptions = true,
      description = "Draw a smaller stratified copy of a dataset folder (how datasets/fashion-mnist-mini was made).")
  static final class Subset implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Dataset folder to draw from.")
    Path from;

    @Option(names = "--out", required = true, description = "Dataset folder to write.")
    Path out;

    @Option(names = "--train", required = true, description = "Images in the new train split.")
    int train;

    @Option(names = "--validation", required = true, description = "Images in the new validation split.")
    int validation;

    @Option(names = "--calibration", required = true, description = "Images in the new calibration split (drawn from the new train split).")
    int calibration;

    @Option(names = "--test", required = true, description = "Images in the new test split.")
    int test;

    @Option(names = "--seed", defaultValue = "20260101", description = "Seed of the stratified draws. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
      String command = CommandLines.describe("datasets subset", "--from", from.toString(), "--out", out.toString(),
          "--train", Integer.toString(train), "--validation", Integer.toString(validation),
          "--calibration", Integer.toString(calibration), "--test", Integer.toString(test), "--seed", Long.toString(seed));
      FashionMnistImport.Result result = DatasetSubset.write(new DatasetSplits(from), out, train, validation, calibration, test, seed, command);
      result.splitSizes().forEach((name, size) -> System.out.printf("%-12s %,7d images  %s%n", name, size, new DatasetSplits(out).split(name)));
      return 0;
    }
  }

  @Command(name = "export-npy", mixinStandardHelpOptions = true,
      description = "Write each split as <split>-images.npy (uint8 [N,C,H,W]) and <split>-labels.npy (int64 [N]) for NumPy/PyTorch.")
  static final class ExportNpy implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Dataset folder with the four splits.")
    Path data;

    @Option(names = "--out", required = true, description = "Folder for the .npy files.")
    Path out;

    @Override
    public Integer call() throws Exception {
      DatasetSplits splits = new DatasetSplits(data).requireAll();
      for (String name : DatasetSplits.ALL) {
        ImageDataset split = ParquetImageDatasets.read(splits.split(name));
        io.edgesweep.data.NpyExport.write(split, out.resolve(name + "-images.npy"), out.resolve(name + "-labels.npy"));
        System.out.printf("%-12s %,7d images  %s%n", name, split.size(), out.resolve(name + "-images.npy"));
      }
      return 0;
    }
  }
}
