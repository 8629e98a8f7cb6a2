package io.edgesweep.report;

import io.edgesweep.transforms.SweepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the result files of a sweep into a folder: variants.parquet, pareto.json, picks.json.
 *
 * <p>The folder is the run's staging folder; the sweep renames it into place only when the whole
 * job has succeeded, so a reader never sees a half-written run.
 */
public final class RunFolderFiles {
  public static final String VARIANTS = "variants.parquet";
  public static final String PARETO = "pareto.json";
  public static final String PICKS = "picks.json";

  private RunFolderFiles() {}

  public static void write(SweepOutcome outcome, Path folder, Map<String, String> metadata) throws IOException {
    Files.createDirectories(folder);
    VariantsTable.write(outcome, folder.resolve(VARIANTS), metadata);
    SelectionJson.writePareto(outcome, folder.resolve(PARETO));
    SelectionJson.writePicks(outcome, folder.resolve(PICKS));
  }
}
