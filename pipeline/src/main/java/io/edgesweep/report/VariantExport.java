package io.edgesweep.report;

import io.edgesweep.bundle.BundleContents;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxProvenance;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StoredModels;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads any variant of a finished run back from the run's artifact store and writes it as ONNX,
 * traced to the run.
 *
 * <p>Used for every pick ({@link PickExport}) and by {@code edgesweep export} for any variant.
 */
public final class VariantExport {
  private VariantExport() {}

  /**
   * A variant's model and the float model its weights were quantized from.
   *
   * @param floatParent the model itself when it is not quantized
   */
  public record Models(ModelArtifact model, ModelArtifact floatParent) {}

  public static Models models(RunFolder run, VariantRow variant) throws IOException {
    ArtifactStore store = new ArtifactStore(run.summary().path("artifact_store").asText());
    StoredModels stored = new StoredModels(store);
    ModelArtifact model = stored.read(variant.modelKind(), variant.modelKey());
    ModelArtifact floatParent = variant.floatModelKey().equals(variant.modelKey()) ? model
        : stored.read(variant.floatModelKind(), variant.floatModelKey());
    return new Models(model, floatParent);
  }

  /** The variant as ONNX bytes, its codes re-derived from its float parent and checked as a bundle's are. */
  public static byte[] onnx(RunFolder run, VariantRow variant, Models models, OnnxExport.Options options) {
    return onnx(run, variant, models, options, new SplitHashes(run));
  }

  /** As above, with the run's split hashes shared with other exports. */
  static byte[] onnx(RunFolder run, VariantRow variant, Models models, OnnxExport.Options options, SplitHashes splits) {
    String source = "variant " + variant.id() + " of " + run.folder();
    return OnnxExport.bytes(models.model(), BundleContents.codes(models.model(), models.floatParent(), source),
        provenance(run, variant, models.model(), splits), options);
  }

  static OnnxProvenance provenance(RunFolder run, VariantRow variant, ModelArtifact model, SplitHashes splits) {
    // Every stage column of the grid, as variants.parquet has it; a column a stage leaves empty is left out.
    Map<String, String> grid = new LinkedHashMap<>();
    variant.coordinates().forEach((column, value) -> {
      if (value != null) {
        grid.put(column, value);
      }
    });
    AccuracyEstimate test = null;
    for (DeviceResult d : run.devices()) {
      if (variant.id().equals(d.pick()) && d.testAccuracy() != null) {
        test = d.testAccuracy();
      }
    }
    return new OnnxProvenance(variant.id(), run.name(), run.summary().path("spec_sha256").asText(null),
        run.folder().toAbsolutePath().normalize().toString(), model.parametersSha256(), grid, variant.accuracy(),
        splits.of(DatasetSplits.VALIDATION), test, splits.of(DatasetSplits.TEST));
  }
}
