package io.edgesweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.RunPick;
import io.edgesweep.report.VariantRow;
import io.edgesweep.select.ConstraintOverrides;
import io.edgesweep.select.SelectionLimits;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep pick}: the variant for one device, and why, from a finished run. */
@Command(
    name = "pick",
    mixinStandardHelpOptions = true,
    description = {
      "Print the variant picked for a device, why (objective, binding constraints), its metrics and where its export is.",
      "--min-accuracy, --max-bytes and --max-latency-ms replace the profile's policy at pick time, from the run's files,",
      "without re-running the sweep; a different pick is exported to <run>/models/<device>@<overrides>/."
    })
public final class PickCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--run", required = true, description = "The run folder, e.g. runs/demo.")
  Path run;

  @Option(names = "--device", required = true, description = "A device profile id of the run, e.g. rpi4.")
  String device;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = "--min-accuracy", description = "Accuracy floor in [0, 1] instead of the profile's.")
  Double minAccuracy;

  @Option(names = "--max-bytes", description = "Largest model in bytes instead of the profile's max-model-bytes.")
  Long maxBytes;

  @Option(names = "--max-latency-ms", description = "Latency budget in ms instead of the profile's.")
  Double maxLatencyMs;

  @Option(names = "--floor-confidence",
      description = "Check the accuracy floor with this confidence in [0.5, 1) over the variants compared (exact tests, Holm-corrected) "
          + "instead of the profile's (docs/selection.md).")
  Double floorConfidence;

  @Option(names = "--no-export", negatable = false, description = "Do not export a pick that differs from the sweep's.")
  boolean noExport;

  @Override
  public Integer call() throws Exception {
    ConstraintOverrides overrides = new ConstraintOverrides(minAccuracy, maxBytes, maxLatencyMs, floorConfidence);
    RunPick.Outcome outcome = RunPick.pick(RunFolder.read(run), device, overrides, !noExport);
    if (json) {
      System.out.println(JSON.writeValueAsString(json(outcome)));
    } else {
      System.out.print(text(outcome));
    }
    return 0;
  }

  static String text(RunPick.Outcome o) {
    StringBuilder b = new StringBuilder();
    SelectionLimits limits = o.pick().limits();
    b.append(String.format(Locale.ROOT, "%s (%s, %s): %s%n", o.device().id(), o.device().name(), o.device().deviceClass(),
        o.variant() == null ? "no variant fits" : o.variant().id()));
    b.append(String.format(Locale.ROOT, "  policy      accuracy >= %.2f%%, model <= %,d bytes, latency <= %s ms%s%n", 100 * limits.minAccuracy(),
        limits.maxModelBytes(), limits.maxLatencyMs(), o.overrides().equals(ConstraintOverrides.none()) ? " (the sweep's: the profile's, or its spec's constraints: section)" : " (overridden here)"));
    b.append("  why         ").append(o.pick().reason()).append('\n');
    if (!o.pick().binding().isEmpty()) {
      b.append("              (a binding constraint is one whose lifting alone would change the pick)\n");
    }
    if (o.variant() != null) {
      VariantRow v = o.variant();
      VariantRow.OnDevice on = v.on(o.device().id());
      b.append("  model       ").append(v.describe()).append('\n');
      b.append(String.format(Locale.ROOT, "  accuracy    validation %.2f%% [%.2f, %.2f] (%d/%d)", 100 * v.accuracy().accuracy(), 100 * v.accuracy().low(),
          100 * v.accuracy().high(), v.accuracy().correct(), v.accuracy().n()));
      if (v.id().equals(o.device().pick()) && o.device().testAccuracy() != null) {
        var t = o.device().testAccuracy();
        b.append(String.format(Locale.ROOT, "; test %.2f%% [%.2f, %.2f] (%d/%d)", 100 * t.accuracy(), 100 * t.low(), 100 * t.high(), t.correct(), t.n()));
      } else if (v.testAccuracy() != null) {
        b.append(String.format(Locale.ROOT, "; test %.2f%%", 100 * v.testAccuracy()));
      } else {
        b.append("; test not measured (the sweep scores the test split for its own picks only)");
      }
      Double test = v.id().equals(o.device().pick()) && o.device().testAccuracy() != null ? Double.valueOf(o.device().testAccuracy().accuracy())
          : v.testAccuracy();
      if (test != null) {
        double floor = o.pick().limits().minAccuracy();
        b.append(String.format(Locale.ROOT, "; optimism %+.2f pt (validation − test); test %s the %.2f%% floor", 100 * (v.accuracy().accuracy() - test),
            test >= floor ? "meets" : "DOES NOT meet", 100 * floor));
      }
      b.append('\n');
      b.append(String.format(Locale.ROOT, "  on device   %,d bytes (%s), %.4g ms, %.4g mJ, peak RAM %,d bytes%n", on.bytes(), on.storageFormat(),
          on.latencyMs(), on.energyJoules() * 1e3, on.peakRamBytes()));
    }
    if (o.differsFromRun()) {
      b.append("  note        differs from the sweep's pick ").append(o.runPick() == null ? "(none)" : o.runPick() + " (models/" + o.device().id() + "/)").append('\n');
    }
    b.append("  export      ").append(o.exported() == null ? "" : o.exported() + ": ").append(o.exportNote()).append('\n');
    return b.toString();
  }

  static ObjectNode json(RunPick.Outcome o) {
    ObjectNode root = JSON.createObjectNode();
    root.put("device", o.device().id());
    root.put("objective", o.device().objective().toString());
    root.put("variant", o.variant() == null ? null : o.variant().id());
    root.put("reason", o.pick().reason());
    ArrayNode binding = root.putArray("binding_constraints");
    o.pick().binding().forEach(c -> binding.add(c.toString()));
    ObjectNode limits = root.putObject("limits");
    limits.put("min_accuracy", o.pick().limits().minAccuracy());
    limits.put("max_model_bytes", o.pick().limits().maxModelBytes());
    limits.put("max_latency_ms", o.pick().limits().maxLatencyMs());
    ObjectNode overrides = root.putObject("overrides");
    overrides.put("min_accuracy", o.overrides().minAccuracy());
    overrides.put("max_bytes", o.overrides().maxBytes());
    overrides.put("max_latency_ms", o.overrides().maxLatencyMs());
    overrides.put("floor_confidence", o.overrides().floorConfidence());
    root.put("run_pick", o.runPick());
    root.put("differs_from_run_pick", o.differsFromRun());
    if (o.variant() != null) {
      VariantRow v = o.variant();
      VariantRow.OnDevice on = v.on(o.device().id());
      root.put("description", v.describe());
      ObjectNode m = root.putObject("metrics");
      ObjectNode val = m.putObject("validation_accuracy");
      val.put("accuracy", v.accuracy().accuracy());
      val.put("low", v.accuracy().low());
      val.put("high", v.accuracy().high());
      val.put("correct", v.accuracy().correct());
      val.put("examples", v.accuracy().n());
      if (v.id().equals(o.device().pick()) && o.device().testAccuracy() != null) {
        ObjectNode test = m.putObject("test_accuracy");
        test.put("accuracy", o.device().testAccuracy().accuracy());
        test.put("low", o.device().testAccuracy().low());
        test.put("high", o.device().testAccuracy().high());
        test.put("correct", o.device().testAccuracy().correct());
        test.put("examples", o.device().testAccuracy().n());
      } else {
        m.put("test_accuracy", v.testAccuracy());
      }
      m.put("bytes", on.bytes());
      m.put("storage_format", on.storageFormat());
      m.put("latency_ms", on.latencyMs());
      m.put("energy_mj", on.energyJoules() * 1e3);
      m.put("peak_ram_bytes", on.peakRamBytes());
    }
    root.put("exported", o.exported() == null ? null : o.exported().toString());
    root.put("export_note", o.exportNote());
    return root;
  }
}
