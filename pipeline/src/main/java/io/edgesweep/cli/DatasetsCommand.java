package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.DatasetSubset;
import io.edgesweep.data.FashionMnistImport;
import io.edgesweep.data.IdxImporter;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep datasets ...}: import IDX data into Parquet splits. */
@Command(
    name = "datasets",
    mixinStandardHelpOptions = true,
    description = "Import and subset image datasets (Parquet: label:int, pixels:bytes).",
    subcommands = {
      DatasetsCommand.ImportIdx.class,
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

  @Command(name = "import-idx", mixinStandardHelpOptions = true,
      description = "Convert one IDX image/label pair (gzipped or not) into one Parquet file.")
  static final class ImportIdx implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "IDX image file (idx3-ubyte, optionally .gz).")
    Path images;

    @Option(names = "--labels", required = true, description = "IDX label file (idx1-ubyte, optionally .gz).")
    Path labels;

    @Option(names = "--classes", split = ",", description = "Class names in label order; default: the label values.")
    List<String> classes;

    @Option(names = "--out", required = true, description = "Parquet file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
      ImageDataset dataset = IdxImporter.read(images, labels, classes);
      Map<String, String> provenance = new java.util.LinkedHashMap<>(dataset.provenance());
      provenance.put("command", CommandLines.describe("datasets import-idx", "--images", images.toString(), "--labels", labels.toString(), "--out", out.toString()));
      ImageDataset withCommand = dataset.withProvenance(provenance);
      ParquetImageDatasets.write(withCommand, out);
      System.out.printf("wrote %,d images of %s in %d classes to %s%n", dataset.size(), dataset.shape(), dataset.classCount(), out);
      return 0;
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
