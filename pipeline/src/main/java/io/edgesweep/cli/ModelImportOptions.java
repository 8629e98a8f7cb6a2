package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.pipeline.SplitChecks;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every model import shares: the file, the data it was trained for, the model folder
 * to write and whether an existing one may be replaced.
 *
 * <p>A picocli mixin, so that the import commands state them once and check them the same way
 * before any work: the folder is not replaced without {@code --force}, and every split is read
 * and validated.
 */
public final class ModelImportOptions {
  @Option(names = "--file", required = true, description = "The model file to import.")
  Path file;

  @Option(names = "--data", required = true, description = "Dataset folder the model was trained for (its image shape and classes must match).")
  Path data;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--force", description = "Replace the model folder at --out if there is one.")
  boolean force;

  /** The checks made before anything is read from the model file; returns the dataset's splits. */
  DatasetSplits checkBeforeImport() {
    ModelOutput.checkReplaceable(out, force);
    DatasetSplits splits = new DatasetSplits(data);
    SplitChecks.check(splits);
    return splits;
  }

  /** The command as a user would type it again, for the model's manifest. */
  String command(String name) {
    return CommandLines.describe(name, "--file", file.toString(), "--data", data.toString(), "--out", out.toString());
  }
}
