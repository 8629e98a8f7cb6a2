package io.edgesweep.report;

import io.edgesweep.select.ConstraintOverrides;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a sweep adds to its run folder once the results and run.json are written: every device's
 * exported pick under models/, and the report.
 *
 * <p>Called on the staging folder, before the sweep renames it into place, so a run folder either
 * has all of it or does not exist. Built from the folder's own files, the same way {@code edgesweep
 * report} re-renders it later.
 */
public final class RunOutputs {
  private RunOutputs() {}

  /**
   * @param staging the folder being written
   * @param runFolder where it will be once renamed, which the exports record as their source
   */
  public static void write(Path staging, Path runFolder) throws IOException {
    RunFolder written = RunFolder.read(staging);
    RunFolder run = new RunFolder(runFolder, written.summary(), written.spec(), written.devices(), written.variants());
    // The plots need only the results: drawn on the second core while this one exports the picks.
    ReportPlots.Pending plots = ReportPlots.meanwhile(run);
    PickExportCache shared = new PickExportCache(run);
    for (DeviceResult device : run.devices()) {
      if (device.hasPick()) {
        PickExport.export(device, run.variant(device.pick()), device.reason(), ConstraintOverrides.none(),
            staging.resolve(RunFolder.MODELS).resolve(device.id()), shared);
      }
    }
    ReportFiles.write(run, staging, plots.get());
  }
}
