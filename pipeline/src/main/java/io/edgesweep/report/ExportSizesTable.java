package io.edgesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's table of what each pick weighs when it leaves the sweep: the bytes the cost model
 * counts (the device bundle), model.onnx, and model.onnx gzipped, with ONNX Runtime's check.
 *
 * <p>Read from each export's pick.json, so a run folder written before ONNX export has no such
 * table rather than a wrong one. Why the sizes differ: docs/export.md.
 */
final class ExportSizesTable {
  private ExportSizesTable() {}

  /** @param files where the run's files are now (the staging folder while a sweep writes it) */
  static Optional<ReportTable> of(RunFolder run, Path files) {
    List<List<String>> rows = new ArrayList<>();
    for (DeviceResult d : run.devices()) {
      Path pick = files.resolve(RunFolder.MODELS).resolve(d.id()).resolve(PickExport.PICK);
      if (!d.hasPick() || !Files.isRegularFile(pick)) {
        continue;
      }
      JsonNode onnx;
      try {
        onnx = SelectionJson.JSON.readTree(pick.toFile()).path("onnx");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + pick, e);
      }
      if (onnx.isMissingNode()) {
        continue;
      }
      JsonNode sizes = onnx.path("sizes");
      long bundle = sizes.path("bundle_bytes").asLong();
      long file = sizes.path("onnx_bytes").asLong();
      long gzip = sizes.path("onnx_gzip_bytes").asLong();
      rows.add(List.of(d.id(), d.pick(), Units.bytes(bundle), Units.bytes(file), Units.bytes(gzip),
          String.format(Locale.ROOT, "%.2f× / %.2f×", (double) file / bundle, (double) gzip / bundle),
          onnx.path("encoding").asText(), check(onnx.path("onnx_runtime_check"))));
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ReportTable("export-sizes",
        "Each pick three ways: the bytes the cost model counts (the device bundle), model.onnx, and model.onnx gzipped (docs/export.md says why they differ)",
        List.of("device", "pick", "bundle (cost model)", "model.onnx", "model.onnx gzipped", "ONNX / bundle (file / gzipped)", "ONNX encoding",
            "ONNX Runtime on validation"),
        rows));
  }

  private static String check(JsonNode c) {
    if (c.isTextual()) {
      return c.asText();
    }
    String counts = c.path("correct").asLong() + "/" + c.path("examples").asLong();
    if (c.path("sweep_correct").isNull() || c.path("sweep_correct").isMissingNode()) {
      return counts;
    }
    return counts + (c.path("matches_sweep").asBoolean() ? ", as in the sweep" : ", sweep " + c.path("sweep_correct").asLong());
  }
}
