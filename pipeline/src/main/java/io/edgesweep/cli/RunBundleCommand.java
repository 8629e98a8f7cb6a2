package io.edgesweep.cli;

import io.edgesweep.bundle.BundleEvaluation;
import io.edgesweep.bundle.BundleReader;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep run-bundle}: runs an exported bundle on a split, to check it against the sweep. */
@Command(
    name = "run-bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Load a bundle (models/<device>/bundle) with its own reader, rebuild the weights from the packed codes,",
      "classify a split and compare with the accuracy the sweep measured when the split is the sweep's own.",
      "Exit 1 when it is the sweep's split and the count of correct predictions differs."
    })
public final class RunBundleCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, description = "The bundle folder (manifest.json, weights.bin).")
  Path bundle;

  @Option(names = "--data", required = true, description = "A split in edgesweep's Parquet format, e.g. datasets/fashion-mnist-mini/validation.parquet.")
  Path data;

  @Option(names = "--batch-size", defaultValue = "250", description = "Examples per forward pass. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Override
  public Integer call() {
    BundleReader.Loaded loaded = BundleReader.read(bundle);
    ImageDataset dataset = ParquetImageDatasets.read(data);
    String sha = ParquetImageDatasets.sha256(data);
    BundleEvaluation.Result result = BundleEvaluation.run(loaded, dataset, sha, data.toString(), batchSize);
    System.out.printf(Locale.ROOT, "bundle %s: %s, %s weights, %,d bytes of weights (cost model: %,d)%n", bundle, loaded.manifest().arch(),
        loaded.manifest().weights(), loaded.manifest().weightsBytes(), loaded.manifest().estimatedBytes());
    System.out.printf(Locale.ROOT, "accuracy on %s: %s%n", data, result.accuracy());
    return SweepComparison.print(result.accuracy(), result.split(), result.expected(), 0, "");
  }
}
