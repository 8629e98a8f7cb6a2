package io.edgesweep.report;

import io.edgesweep.select.Candidate;
import io.edgesweep.select.ConstraintOverrides;
import io.edgesweep.select.DevicePick;
import io.edgesweep.select.DeviceSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks a variant for one device from a finished run's files, optionally under other policy
 * limits, without re-running anything.
 *
 * <p>The candidates are rebuilt exactly from variants.parquet, so with no overrides the pick is
 * the sweep's own. A pick that differs from the sweep's (because of overrides) is exported beside
 * the sweep's, to {@code models/<device>@<overrides>/}, from the run's artifact store.
 */
public final class RunPick {
  private RunPick() {}

  /**
   * The outcome.
   *
   * @param variant the picked row, or null when nothing is feasible
   * @param runPick the sweep's pick for the device, or null
   * @param exported where the pick's model and bundle are, or null
   * @param exportNote what happened about the export, in words
   */
  public record Outcome(DeviceResult device, ConstraintOverrides overrides, DevicePick pick, VariantRow variant, String runPick,
      Path exported, String exportNote) {
    public boolean differsFromRun() {
      return variant != null ? !variant.id().equals(runPick) : runPick != null;
    }
  }

  /**
   * @param export whether to export a pick that differs from the sweep's
   */
  public static Outcome pick(RunFolder run, String deviceId, ConstraintOverrides overrides, boolean export) throws IOException {
    DeviceResult device = run.device(deviceId);
    List<Candidate> candidates = new ArrayList<>();
    for (VariantRow v : run.variants()) {
      candidates.add(v.candidate(device.id()));
    }
    DevicePick pick = DeviceSelection.select(device.id(), device.objective(), device.limits().with(overrides), candidates);
    VariantRow variant = pick.hasPick() ? run.variant(pick.pick().variantId()) : null;
    if (variant == null) {
      return new Outcome(device, overrides, pick, null, device.pick(), null, "nothing to export");
    }
    if (variant.id().equals(device.pick())) {
      Path folder = run.exportFolder(device.id());
      return Files.isDirectory(folder)
          ? new Outcome(device, overrides, pick, variant, device.pick(), folder, "the sweep exported this pick")
          : new Outcome(device, overrides, pick, variant, device.pick(), null, "the run folder has no " + folder.getFileName() + " export");
    }
    Path folder = run.folder().resolve(RunFolder.MODELS).resolve(device.id() + "@" + tag(overrides));
    if (!export) {
      return new Outcome(device, overrides, pick, variant, device.pick(), null, "not exported; without --no-export it goes to " + folder);
    }
    PickExport.export(run, device, variant, pick.reason(), overrides, folder);
    return new Outcome(device, overrides, pick, variant, device.pick(), folder, "exported this pick");
  }

  /** A folder-name-safe description of the overrides, as in {@code max-bytes=20000,min-accuracy=0.8}. */
  static String tag(ConstraintOverrides overrides) {
    List<String> parts = new ArrayList<>();
    if (overrides.minAccuracy() != null) {
      parts.add("min-accuracy=" + number(overrides.minAccuracy()));
    }
    if (overrides.maxBytes() != null) {
      parts.add("max-bytes=" + overrides.maxBytes());
    }
    if (overrides.maxLatencyMs() != null) {
      parts.add("max-latency-ms=" + number(overrides.maxLatencyMs()));
    }
    if (overrides.floorConfidence() != null) {
      parts.add("floor-confidence=" + number(overrides.floorConfidence()));
    }
    return parts.isEmpty() ? "profile" : String.join(",", parts);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }
}
