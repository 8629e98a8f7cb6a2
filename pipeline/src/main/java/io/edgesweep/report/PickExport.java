package io.edgesweep.report;

import io.edgesweep.bundle.BundleContents;
import io.edgesweep.bundle.BundleManifest;
import io.edgesweep.bundle.BundleWriter;
import io.edgesweep.bundle.ModelBundle;
import io.edgesweep.data.AtomicFiles;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.select.ConstraintOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports one device's pick into a folder: the model DJL can load, the compact bundle, and
 * pick.json saying what it is and where it came from.
 *
 * <pre>
 *   model/     manifest.json, parameters.safetensors (ModelArtifact.read), model-0000.params (DJL Model.load)
 *   bundle/    manifest.json, weights.bin (edgesweep run-bundle)
 *   model.onnx the same model for ONNX Runtime and the tools that read ONNX (edgesweep run-onnx)
 *   pick.json  device, variant, why, metrics, source run and spec hash
 * </pre>
 *
 * <p>The models come from the artifact store the run recorded in run.json; the bundle's codes are
 * re-derived from the float parent and checked against the evaluated weights ({@link
 * BundleContents}).
 */
public final class PickExport {
  public static final String MODEL = "model";
  public static final String BUNDLE = "bundle";
  public static final String PICK = "pick.json";
  public static final String ONNX = "model.onnx";

  private PickExport() {}

  /** What was exported: the folder and the bundle's manifest. */
  public record Exported(Path folder, BundleManifest bundle) {}

  /**
   * @param reason why the variant was picked, in words
   * @param overrides the pick-time overrides it was picked under, or none
   */
  public static Exported export(RunFolder run, DeviceResult device, VariantRow variant, String reason, ConstraintOverrides overrides,
      Path target) throws IOException {
    return export(device, variant, reason, overrides, target, new PickExportCache(run));
  }

  /** As above, with what the run's picks have in common done once for all of them ({@link PickExportCache}). */
  static Exported export(DeviceResult device, VariantRow variant, String reason, ConstraintOverrides overrides, Path target,
      PickExportCache shared) throws IOException {
    RunFolder run = shared.run();
    VariantExport.Models models = shared.models(variant);
    ModelArtifact model = models.model();
    ModelBundle bundle = BundleContents.of(model, models.floatParent(), device.storageFormats(), device.csrIndexBits());
    Map<String, Object> pick = describe(run, device, variant, reason, overrides, model, shared.splits());
    byte[] onnx = shared.onnx(variant);
    pick.put("onnx", shared.onnxCheck().describe(onnx, variant.on(device.id()).bytes(), target.resolve(ONNX)));
    BundleManifest[] manifest = new BundleManifest[1];
    AtomicFiles.writeFolder(target, true, folder -> {
      Path modelFolder = folder.resolve(MODEL);
      model.writeTo(modelFolder);
      DjlParameters.save(model, modelFolder);
      manifest[0] = BundleWriter.write(bundle, model.manifest().inputShape(), model.manifest().classNames(),
          variant.on(device.id()).bytes(), pick, folder.resolve(BUNDLE));
      Files.write(folder.resolve(ONNX), onnx);
      Files.write(folder.resolve(PICK), SelectionJson.JSON.writeValueAsBytes(pick));
    });
    return new Exported(target, manifest[0]);
  }

  static Map<String, Object> describe(RunFolder run, DeviceResult device, VariantRow variant, String reason, ConstraintOverrides overrides,
      ModelArtifact model, SplitHashes splits) {
    Map<String, Object> pick = new LinkedHashMap<>();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", device.id());
    d.put("name", device.name());
    d.put("class", device.deviceClass());
    d.put("objective", device.objective().toString());
    pick.put("device", d);
    pick.put("variant", variant.id());
    pick.put("description", variant.describe());
    pick.put("reason", reason);
    if (overrides != null && !overrides.equals(ConstraintOverrides.none())) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("min_accuracy", overrides.minAccuracy());
      o.put("max_bytes", overrides.maxBytes());
      o.put("max_latency_ms", overrides.maxLatencyMs());
      pick.put("overrides", o);
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation_accuracy", accuracy(variant.accuracy()));
    boolean runPick = variant.id().equals(device.pick());
    if (runPick && device.testAccuracy() != null) {
      metrics.put("test_accuracy", accuracy(device.testAccuracy()));
    } else if (variant.testAccuracy() != null) {
      metrics.put("test_accuracy", Map.of("accuracy", variant.testAccuracy()));
    } else {
      metrics.put("test_accuracy", null);
      metrics.put("test_accuracy_note", "not measured: the sweep scores the test split only for the variants it picked");
    }
    VariantRow.OnDevice on = variant.on(device.id());
    metrics.put("estimated_bytes", on.bytes());
    metrics.put("storage_format", on.storageFormat());
    metrics.put("estimated_latency_ms", on.latencyMs());
    metrics.put("estimated_energy_mj", on.energyJoules() * 1e3);
    if (!device.energyIncludesChipPower()) {
      metrics.put("estimated_energy_note", "a lower bound: arithmetic and data movement only, the device profile has no power figure");
    }
    metrics.put("estimated_peak_ram_bytes", on.peakRamBytes());
    metrics.put("parameters", variant.parameters());
    metrics.put("nonzero_parameters", variant.nonZeroParameters());
    metrics.put("sparsity", variant.sparsity());
    pick.put("metrics", metrics);
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("run", run.name());
    source.put("run_folder", run.folder().toAbsolutePath().normalize().toString());
    source.put("started", run.summary().path("started").asText());
    source.put("command", run.summary().path("command").asText());
    source.put("spec", run.summary().path("spec").asText());
    source.put("spec_sha256", run.summary().path("spec_sha256").asText());
    source.put("artifact_store", run.summary().path("artifact_store").asText());
    source.put("model", variant.modelKind() + "/" + variant.modelKey());
    source.put("float_model", variant.floatModelKind() + "/" + variant.floatModelKey());
    source.put("parameters_sha256", model.parametersSha256());
    String data = run.summary().path("data").asText(null);
    if (data != null) {
      source.put("data", data);
      for (String split : new String[] {DatasetSplits.VALIDATION, DatasetSplits.TEST}) {
        String sha = splits.of(split);
        if (sha != null) {
          source.put(split + "_sha256", sha);
        }
      }
    }
    pick.put("source", source);
    return pick;
  }

  static Map<String, Object> accuracy(io.edgesweep.evaluate.AccuracyEstimate a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", a.accuracy());
    m.put("low", a.low());
    m.put("high", a.high());
    m.put("correct", a.correct());
    m.put("examples", a.n());
    return m;
  }
}
