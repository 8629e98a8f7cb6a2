package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.bundle.BundleContents;
import io.edgesweep.bundle.BundleEvaluation;
import io.edgesweep.bundle.BundleManifest;
import io.edgesweep.bundle.BundleReader;
import io.edgesweep.bundle.BundleWriter;
import io.edgesweep.bundle.ModelBundle;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.report.DeviceResult;
import io.edgesweep.report.DjlParameters;
import io.edgesweep.report.HtmlReport;
import io.edgesweep.report.MarkdownReport;
import io.edgesweep.report.PickExport;
import io.edgesweep.report.ReportFiles;
import io.edgesweep.report.ReportJson;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.RunPick;
import io.edgesweep.report.VariantRow;
import io.edgesweep.select.ConstraintOverrides;
import io.edgesweep.transforms.ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real sweep on the DirectRunner, then everything that reads its run folder: the exported
 * models and bundles reproduce the sweep's accuracy exactly, pick re-selects from the files, and
 * the report re-renders from the files to the same bytes.
 */
class SweepExportTest {
  @TempDir static Path dir;
  static RunFolder run;
  static ImageDataset validation;
  static String validationSha;
  static Map<String, Map<String, Object>> rows;

  @BeforeAll
  static void sweep() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "export", "32, 4, fp16");
    // Affine and per-tensor codes too, so that every scheme reaches a bundle through a real sweep.
    Files.writeString(spec, Files.readString(spec).replace("    activations: [int8]\n",
        "    activations: [int8]\n    granularity: [per-channel, per-tensor]\n    scheme: [symmetric, affine]\n"));
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});
    run = RunFolder.read(outcome.runFolder());
    rows = TinySweep.rows(outcome.runFolder().resolve("variants.parquet"));
    DatasetSplits mini = TestData.mini();
    validation = ParquetImageDatasets.read(mini.validation());
    validationSha = ParquetImageDatasets.sha256(mini.validation());
  }

  @Test
  void everyExportedBundleReproducesTheSweepsCorrectCountAndTheCostModelsBytes() throws Exception {
    int exported = 0;
    for (DeviceResult device : run.devices()) {
      if (!device.hasPick()) {
        assertThat(run.exportFolder(device.id())).doesNotExist();
        continue;
      }
      exported++;
      VariantRow pick = run.variant(device.pick());
      BundleReader.Loaded loaded = BundleReader.read(run.exportFolder(device.id()).resolve(PickExport.BUNDLE));
      BundleEvaluation.Result result = BundleEvaluation.run(loaded, validation, validationSha, "validation", 250);
      assertThat(result.split()).isEqualTo("validation");
      assertThat(result.accuracy().correct()).as(device.id()).isEqualTo((Long) rows.get(pick.id()).get("val_correct"));
      assertThat(result.matches()).isTrue();

      long weights = Files.size(run.exportFolder(device.id()).resolve(PickExport.BUNDLE).resolve(BundleManifest.WEIGHTS));
      long estimate = pick.on(device.id()).bytes();
      assertThat((double) Math.abs(weights - estimate) / estimate).as(device.id() + " bundle vs estimate").isLessThanOrEqualTo(0.05);
      if (!pick.coordinates().get("weights").equals("fp16")) {
        assertThat(weights).as(device.id() + ": exactly the arrays StorageSize counts").isEqualTo(estimate);
      }
      JsonNode pickJson = new ObjectMapper().readTree(run.exportFolder(device.id()).resolve(PickExport.PICK).toFile());
      assertThat(pickJson.path("variant").asText()).isEqualTo(pick.id());
      assertThat(pickJson.path("source").path("spec_sha256").asText()).isEqualTo(run.summary().path("spec_sha256").asText()).hasSize(64);
    }
    assertThat(exported).isPositive();
  }

  @Test
  void everyVariantsBundleInEveryLayoutReproducesItsValidationCount() throws Exception {
    ArtifactStore store = new ArtifactStore(run.summary().path("artifact_store").asText());
    Set<String> schemes = new java.util.TreeSet<>();
    for (VariantRow v : run.variants()) {
      ModelArtifact model = new io.edgesweep.transforms.StoredModels(store).read(v.modelKind(), v.modelKey());
      ModelArtifact parent = new io.edgesweep.transforms.StoredModels(store).read(v.floatModelKind(), v.floatModelKey());
      for (int csrBits : new int[] {2, 8}) {
        ModelBundle bundle = BundleContents.of(model, parent, EnumSet.allOf(StorageFormat.class), csrBits);
        Path folder = dir.resolve("bundles").resolve(v.id() + "-" + csrBits);
        BundleWriter.write(bundle, model.manifest().inputShape(), model.manifest().classNames(), 0, Map.of(), folder);
        BundleReader.Loaded loaded = BundleReader.read(folder);
        // Bit for bit, except that a sparse layout gives back a float -0.0 (which pruning leaves) as +0.0:
        // both are zeros to the cost model, and they add the same into every sum.
        assertThat(signlessZeros(loaded.bundle().parameters())).as(v.id()).isEqualTo(signlessZeros(model.parameters()));
        String weights = v.coordinates().get("weights");
        if (!weights.equals("32") && !weights.equals("fp16")) {
          assertThat(loaded.bundle().parameters()).as(v.id() + " integer codes rebuild every bit").isEqualTo(model.parameters());
        }
        assertThat(BundleEvaluation.run(loaded, validation, validationSha, "validation", 250).accuracy().correct())
            .as(v.id() + " " + v.describe()).isEqualTo(v.accuracy().correct());
      }
      schemes.add(v.coordinates().get("weights") + " " + v.coordinates().get("granularity") + " " + v.coordinates().get("scheme"));
    }
    assertThat(schemes).contains("4 per-tensor affine", "4 per-channel symmetric", "4 per-channel affine", "fp16 per-channel symmetric");
  }

  private static io.edgesweep.model.ParameterSet signlessZeros(io.edgesweep.model.ParameterSet parameters) {
    Map<String, io.edgesweep.model.Tensor> out = new java.util.LinkedHashMap<>();
    parameters.asMap().forEach((name, t) -> {
      float[] values = t.values().clone();
      for (int i = 0; i < values.length; i++) {
        values[i] += 0.0f;
      }
      out.put(name, new io.edgesweep.model.Tensor(t.shape(), values));
    });
    return new io.edgesweep.model.ParameterSet(out);
  }

  @Test
  void theExportedModelLoadsWithPlainDjlAndWithModelArtifactAndGivesTheEvaluatedAccuracy() throws Exception {
    DeviceResult device = run.devices().stream().filter(DeviceResult::hasPick).findFirst().orElseThrow();
    VariantRow pick = run.variant(device.pick());
    Path folder = run.exportFolder(device.id()).resolve(PickExport.MODEL);
    ModelArtifact artifact = ModelArtifact.read(folder);
    try (Classifier classifier = artifact.open()) {
      assertThat(Predictions.of(classifier, new InMemoryBatches(validation), 250).correct()).isEqualTo(pick.accuracy().correct());
    }
    try (Model model = DjlParameters.load(folder, artifact.architecture(), artifact.manifest().activations())) {
      assertThat(DjlParameters.correct(model, new InMemoryBatches(validation), 250)).isEqualTo(pick.accuracy().correct());
    }
  }

  @Test
  void pickFromTheFilesIsTheSweepsPickAndATighterLimitPicksAndExportsAnother() throws Exception {
    for (DeviceResult device : run.devices()) {
      RunPick.Outcome again = RunPick.pick(run, device.id(), ConstraintOverrides.none(), false);
      assertThat(again.variant() == null ? null : again.variant().id()).as(device.id()).isEqualTo(device.pick());
      assertThat(again.differsFromRun()).isFalse();
      assertThat(again.pick().binding().stream().map(Constraint::toString).toList()).isEqualTo(device.binding());
    }
    DeviceResult device = run.devices().stream().filter(DeviceResult::hasPick)
        .filter(d -> run.variants().stream().anyMatch(v -> v.on(d.id()).bytes() < run.variant(d.pick()).on(d.id()).bytes()))
        .findFirst().orElseThrow();
    long limit = run.variant(device.pick()).on(device.id()).bytes() - 1;
    RunPick.Outcome tighter = RunPick.pick(run, device.id(), new ConstraintOverrides(0.0, limit, null), true);
    assertThat(tighter.variant()).isNotNull();
    assertThat(tighter.variant().on(device.id()).bytes()).isLessThanOrEqualTo(limit);
    assertThat(tighter.differsFromRun()).isTrue();
    assertThat(tighter.pick().binding()).contains(Constraint.MODEL_BYTES);
    assertThat(tighter.exported()).isEqualTo(run.folder().resolve("models").resolve(device.id() + "@min-accuracy=0,max-bytes=" + limit));
    BundleReader.Loaded loaded = BundleReader.read(tighter.exported().resolve(PickExport.BUNDLE));
    assertThat(BundleEvaluation.run(loaded, validation, validationSha, "validation", 250).accuracy().correct())
        .isEqualTo(tighter.variant().accuracy().correct());

    assertThatThrownBy(() -> RunPick.pick(run, "pdp-11", ConstraintOverrides.none(), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown device 'pdp-11'")
        .hasMessageContaining(run.devices().get(0).id());
  }

  @Test
  void theCommandsAnswerFromTheRunFolderWithTheDocumentedExitCodes() throws Exception {
    String folder = run.folder().toString();
    DeviceResult device = run.devices().stream().filter(DeviceResult::hasPick).findFirst().orElseThrow();
    assertThat(io.edgesweep.cli.Main.run("pick", "--run", folder, "--device", "pdp-11")).isEqualTo(2);
    assertThat(io.edgesweep.cli.Main.run("pick", "--run", folder, "--device", device.id(), "--json")).isZero();
    assertThat(io.edgesweep.cli.Main.run("pick", "--run", folder, "--device", device.id(), "--min-accuracy", "1.5")).isEqualTo(2);
    assertThat(io.edgesweep.cli.Main.run("run-bundle", "--bundle", run.exportFolder(device.id()).resolve(PickExport.BUNDLE).toString(),
        "--data", TestData.mini().validation().toString())).isZero();
    assertThat(io.edgesweep.cli.Main.run("report", "--run", folder, "--format", "json", "--out", dir.resolve("report.json").toString())).isZero();
    assertThat(new ObjectMapper().readTree(dir.resolve("report.json").toFile()).path("devices")).hasSize(run.devices().size());
    assertThat(io.edgesweep.cli.Main.run("report", "--run", dir.resolve("no-such-run").toString())).isEqualTo(2);
  }

  /**
   * The sweep exports its picks with the work devices share done once (models, model.onnx, its
   * gzip size and ONNX Runtime check, the split hashes); each device's folder must hold what an
   * export of that device alone writes, byte for byte.
   */
  @Test
  void picksExportedTogetherAreThePicksExportedOneByOne() throws Exception {
    java.util.List<String> picks = run.devices().stream().filter(DeviceResult::hasPick).map(DeviceResult::pick).toList();
    assertThat(picks).as("devices sharing a pick, so that something is shared").hasSizeGreaterThan(Set.copyOf(picks).size());
    for (DeviceResult device : run.devices()) {
      if (!device.hasPick()) {
        continue;
      }
      Path alone = dir.resolve("alone").resolve(device.id());
      PickExport.export(run, device, run.variant(device.pick()), device.reason(), ConstraintOverrides.none(), alone);
      Path together = run.exportFolder(device.id());
      try (java.util.stream.Stream<Path> files = Files.walk(together)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(alone.resolve(together.relativize(file))).as(device.id() + ": " + together.relativize(file)).hasSameBinaryContentAs(file);
        }
      }
      try (java.util.stream.Stream<Path> files = Files.walk(alone)) {
        assertThat(files.filter(Files::isRegularFile).count()).isPositive();
      }
    }
  }

  @Test
  void theReportRenderedLaterFromTheFilesIsTheOneTheSweepWrote() throws Exception {
    RunFolder reread = RunFolder.read(run.folder());
    String html = Files.readString(run.folder().resolve(ReportFiles.HTML));
    java.util.List<String> ids = java.util.regex.Pattern.compile("\\bid=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
    assertThat(ids).as("ids in one page, the plots' SVG ids included").doesNotHaveDuplicates().hasSizeGreaterThan(run.devices().size() * 6);
    assertThat(HtmlReport.render(reread)).isEqualTo(html);
    assertThat(MarkdownReport.render(reread)).isEqualTo(Files.readString(run.folder().resolve(ReportFiles.MARKDOWN)));
    assertThat(html).doesNotContain("https://").doesNotContain("<script").doesNotContain("<link");
    for (DeviceResult d : run.devices()) {
      assertThat(html).contains("id=\"device-" + d.id() + "\"", "id=\"plot-" + d.id() + "-bytes\"", "id=\"plot-" + d.id() + "-latency\"",
          "id=\"front-" + d.id() + "\"", "<title id=\"plot-" + d.id() + "-bytes-title\">");
      assertThat(Files.readString(run.folder().resolve(ReportFiles.MARKDOWN))).contains("## " + d.id());
      // Each figure holds its own plot, whichever of the two threads drew it (ReportPlots).
      for (String axis : new String[] {"bytes", "latency"}) {
        String plot = "plot-" + d.id() + "-" + axis;
        int figure = html.indexOf("<figure class=\"plot\" id=\"" + plot + "\">");
        assertThat(figure).as(plot).isNotNegative();
        assertThat(html.substring(figure, html.indexOf("</figure>", figure))).as(plot)
            .contains("<svg role=\"img\" aria-labelledby=\"" + plot + "-title\"");
      }
    }
    JsonNode json = new ObjectMapper().readTree(new String(ReportJson.render(reread), StandardCharsets.UTF_8));
    assertThat(json.path("devices")).hasSize(run.devices().size());
    assertThat(json.path("devices").get(0).path("variants")).hasSize(run.variants().size());
  }
}
