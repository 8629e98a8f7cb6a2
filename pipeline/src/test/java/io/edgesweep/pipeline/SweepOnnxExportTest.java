package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.TestData;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.export.ExportSizes;
import io.edgesweep.export.OnnxEvaluation;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxSessions;
import io.edgesweep.report.DeviceResult;
import io.edgesweep.report.PickExport;
import io.edgesweep.report.ReportFiles;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.RunPick;
import io.edgesweep.report.VariantRow;
import io.edgesweep.select.ConstraintOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real sweep with float, fp16, weight-only and integer-activation variants, then ONNX Runtime
 * as the oracle on what leaves it: every pick's model.onnx, any variant through {@code edgesweep
 * export}, a re-export under overridden constraints, and the report's size table.
 */
class SweepOnnxExportTest {
  /** 0.1 point: how far integer kernels may move an accuracy (docs/export.md). */
  private static final double INTEGER_TOLERANCE = io.edgesweep.export.IntegerKernels.tolerance() + 1e-12;

  @TempDir static Path dir;
  static RunFolder run;
  static ImageDataset validation;
  static ImageDataset test;
  static String validationSha;
  static String testSha;

  @BeforeAll
  static void sweep() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "onnx", "32, 8, 4, fp16");
    Files.writeString(spec, Files.readString(spec).replace("    activations: [int8]\n", "    activations: [int8, off]\n"));
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});
    run = RunFolder.read(outcome.runFolder());
    DatasetSplits mini = TestData.mini();
    validation = ParquetImageDatasets.read(mini.validation());
    test = ParquetImageDatasets.read(mini.test());
    validationSha = ParquetImageDatasets.sha256(mini.validation());
    testSha = ParquetImageDatasets.sha256(mini.test());
  }

  @Test
  void everyPicksModelOnnxGivesTheSweepsTestAccuracyInOnnxRuntimeAndSaysWhereItCameFrom() throws Exception {
    int picks = 0;
    for (DeviceResult device : run.devices()) {
      if (!device.hasPick()) {
        continue;
      }
      picks++;
      VariantRow pick = run.variant(device.pick());
      Path file = run.exportFolder(device.id()).resolve(PickExport.ONNX);
      byte[] onnx = Files.readAllBytes(file);
      OnnxEvaluation.Result ort = OnnxEvaluation.run(onnx, test, testSha, OnnxSessions.Level.ALL, 250, file.toString());
      assertThat(ort.split()).isEqualTo("test");
      assertThat(ort.expected()).isEqualTo(device.testAccuracy());
      if (pick.coordinates().get("activations").startsWith("int")) {
        assertThat(Math.abs(ort.accuracy().accuracy() - device.testAccuracy().accuracy())).as(device.id() + " " + pick.describe())
            .isLessThanOrEqualTo(INTEGER_TOLERANCE);
      } else {
        assertThat(ort.accuracy().correct()).as(device.id() + " " + pick.describe()).isEqualTo(device.testAccuracy().correct());
      }

      Map<String, String> metadata = OnnxExport.metadata(onnx);
      assertThat(metadata).containsEntry("variant", pick.id()).containsEntry("sweep", run.name())
          .containsEntry("spec_sha256", run.summary().path("spec_sha256").asText())
          .containsEntry("grid.weights", pick.coordinates().get("weights"))
          .containsEntry("grid.temperature_label", pick.coordinates().get("temperature_label"))
          .containsEntry("grid.activations", pick.coordinates().get("activations"))
          .containsEntry("validation_correct", Long.toString(pick.accuracy().correct()))
          .containsEntry("test_correct", Long.toString(device.testAccuracy().correct()))
          .containsEntry("validation_data_sha256", validationSha).containsEntry("test_data_sha256", testSha);

      JsonNode onnxJson = new ObjectMapper().readTree(run.exportFolder(device.id()).resolve(PickExport.PICK).toFile()).path("onnx");
      assertThat(onnxJson.path("sizes").path("onnx_bytes").asLong()).isEqualTo(Files.size(file));
      assertThat(onnxJson.path("sizes").path("onnx_gzip_bytes").asLong()).isEqualTo(ExportSizes.gzipSize(onnx));
      assertThat(onnxJson.path("sizes").path("bundle_bytes").asLong()).isEqualTo(pick.on(device.id()).bytes());
      assertThat(onnxJson.path("onnx_runtime_check").path("sweep_correct").asLong()).isEqualTo(pick.accuracy().correct());
    }
    assertThat(picks).isPositive();
  }

  @Test
  void anyVariantExportsFromTheCommandLineAndRunOnnxAgreesWithTheSweep() throws Exception {
    int weightOnly = 0;
    for (VariantRow v : run.variants()) {
      Path out = dir.resolve("export").resolve(v.id() + ".onnx");
      assertThat(io.edgesweep.cli.Main.run("export", "--run", run.folder().toString(), "--variant", v.id(), "--format", "onnx",
          "--out", out.toString())).as(v.describe()).isZero();
      assertThat(io.edgesweep.cli.Main.run("run-onnx", "--model", out.toString(), "--data", TestData.mini().validation().toString()))
          .as("run-onnx exits 1 when the count differs (integer activations: by more than IntegerKernels' tolerance): " + v.describe())
          .isZero();
      if (!v.coordinates().get("activations").startsWith("int")) {
        weightOnly++;
        OnnxEvaluation.Result ort = OnnxEvaluation.run(Files.readAllBytes(out), validation, validationSha, OnnxSessions.Level.ALL, 250, v.id());
        assertThat(ort.accuracy().correct()).as(v.describe()).isEqualTo(v.accuracy().correct());
      }
    }
    assertThat(weightOnly).isGreaterThanOrEqualTo(4);
    assertThat(run.variants()).as("integer weights with float activations, the exact case")
        .anyMatch(v -> v.coordinates().get("weights").equals("4") && v.coordinates().get("activations").equals("off"));
    Path taken = dir.resolve("export").resolve(run.variants().get(0).id() + ".onnx");
    assertThat(io.edgesweep.cli.Main.run("export", "--run", run.folder().toString(), "--variant", run.variants().get(0).id(), "--out",
        taken.toString())).as("an existing file without --force").isEqualTo(2);
    assertThat(io.edgesweep.cli.Main.run("export", "--run", run.folder().toString(), "--variant", "v999", "--out",
        dir.resolve("v999.onnx").toString())).isEqualTo(2);
    assertThat(io.edgesweep.cli.Main.run("export", "--run", run.folder().toString(), "--variant", "v001", "--format", "tflite", "--out",
        dir.resolve("v001.tflite").toString())).isEqualTo(2);
    assertThat(io.edgesweep.cli.Main.run("run-onnx", "--model", run.folder().resolve("run.json").toString(), "--data",
        TestData.mini().validation().toString())).as("not an ONNX file").isEqualTo(2);
  }

  @Test
  void aPickUnderOverriddenConstraintsLeavesWithItsOwnModelOnnx() throws Exception {
    DeviceResult device = run.devices().stream().filter(DeviceResult::hasPick)
        .filter(d -> run.variants().stream().anyMatch(v -> v.on(d.id()).bytes() < run.variant(d.pick()).on(d.id()).bytes()))
        .findFirst().orElseThrow();
    long limit = run.variant(device.pick()).on(device.id()).bytes() - 1;
    RunPick.Outcome tighter = RunPick.pick(run, device.id(), new ConstraintOverrides(0.0, limit, null), true);
    byte[] onnx = Files.readAllBytes(tighter.exported().resolve(PickExport.ONNX));
    assertThat(OnnxExport.metadata(onnx)).containsEntry("variant", tighter.variant().id());
    OnnxEvaluation.Result ort = OnnxEvaluation.run(onnx, validation, validationSha, OnnxSessions.Level.ALL, 250, "override");
    assertThat(Math.abs(ort.accuracy().accuracy() - tighter.variant().accuracy().accuracy())).isLessThanOrEqualTo(INTEGER_TOLERANCE);
  }

  @Test
  void theReportListsEachPicksThreeSizes() throws Exception {
    String markdown = Files.readString(run.folder().resolve(ReportFiles.MARKDOWN));
    String html = Files.readString(run.folder().resolve(ReportFiles.HTML));
    assertThat(html).contains("id=\"export-sizes\"");
    assertThat(markdown).contains("| device | pick | bundle (cost model) | model.onnx | model.onnx gzipped |");
    for (DeviceResult device : run.devices()) {
      if (device.hasPick()) {
        JsonNode sizes = new ObjectMapper().readTree(run.exportFolder(device.id()).resolve(PickExport.PICK).toFile()).path("onnx").path("sizes");
        assertThat(markdown).contains("| " + device.id() + " | " + device.pick() + " | " + bytes(sizes.path("bundle_bytes").asLong()) + " | "
            + bytes(sizes.path("onnx_bytes").asLong()) + " | " + bytes(sizes.path("onnx_gzip_bytes").asLong()) + " |");
      }
    }
  }

  /** The report's byte format (Units.bytes), restated: a change there should be seen here. */
  private static String bytes(long b) {
    return b < 1024 ? b + " B" : b < 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", b / 1024.0)
        : String.format(java.util.Locale.ROOT, "%.2f MiB", b / 1024.0 / 1024.0);
  }
}
