package io.edgesweep.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ModelManifest;
import io.edgesweep.model.ParameterSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models in the artifact store, read and written the same way by the sweep and by everything that
 * reads a run later (exports, bundles, {@code edgesweep export}).
 *
 * <p>A quantized leaf is not stored: its entry holds its manifest and the address of the float
 * model it rounds ({@value #ROUNDED}), and reading it rounds that model again with the settings its
 * lineage records. Rounding is deterministic and takes milliseconds, and a sweep of ten thousand
 * leaves would otherwise keep ten thousand copies of codes. Nothing is trusted on faith: before
 * such an entry is written the leaf is rebuilt that way and must give the same parameters, and a
 * read checks the rebuilt parameters against the manifest's SHA-256, so what is evaluated, tested
 * and exported is byte for byte the model the stage made. A leaf that does not rebuild (its float
 * model changed, or the rounding code did) is quarantined like a corrupt entry and computed again.
 * Models that cannot be rebuilt this way (trained ones, TorchScript graphs, leaves of later stages)
 * are stored whole ({@link ModelArtifact#storeFiles}), and entries of older releases read as before.
 */
public final class StoredModels {
  /** The file of a leaf kept as a recipe: the kind and key of the float model it rounds. */
  public static final String ROUNDED = "rounded-from.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Float parents of the leaves being read: a parent serves all its leaves (dozens in a wide grid). */
  private static final WorkerCache<String, ModelArtifact> PARENTS = new WorkerCache<>(8);

  private final ArtifactStore store;

  public StoredModels(ArtifactStore store) {
    this.store = store;
  }

  /** The address of the float model a leaf rounds. */
  record Rounded(String kind, String key) {}

  /**
   * The files to store for {@code model}: its manifest and {@value #ROUNDED} when rounding {@code
   * parent} again rebuilds it exactly, otherwise the model itself.
   *
   * @param parent the float model {@code model} was rounded from, stored at parentKind/parentKey;
   *     null when it was not made by rounding a stored model
   */
  public Map<String, byte[]> files(ModelArtifact model, String parentKind, String parentKey, ModelArtifact parent) throws IOException {
    if (parent == null || !model.hasCodes() || model.torchScript() != null || settings(model.manifest()) == null) {
      return model.storeFiles();
    }
    byte[] manifest = model.files().get(ModelArtifact.MANIFEST);
    try {
      rebuild(manifest, parent, "a new " + parentKind + " leaf");
    } catch (InvalidInputException e) {
      return model.storeFiles();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(ModelArtifact.MANIFEST, manifest);
    files.put(ROUNDED, JSON.writeValueAsBytes(new Rounded(parentKind, parentKey)));
    return files;
  }

  /**
   * Reads a stored model, rebuilding a leaf kept as a recipe.
   *
   * @throws CorruptEntryException when the entry, or a rebuilt leaf, does not match what was
   *     written; it has then been quarantined, and the next run computes it again
   */
  public ModelArtifact read(String kind, String key) throws IOException {
    Map<String, byte[]> files = store.get(kind, key);
    String location = store.location(kind, key);
    byte[] rounded = files.get(ROUNDED);
    if (rounded == null) {
      return ModelArtifact.fromFiles(files, location);
    }
    Rounded from = JSON.readValue(rounded, Rounded.class);
    ModelArtifact parent;
    try {
      parent = PARENTS.get(store.root() + "/" + from.kind() + "/" + from.key(), k -> {
        try {
          return read(from.kind(), from.key());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    try {
      return rebuild(files.get(ModelArtifact.MANIFEST), parent, location);
    } catch (InvalidInputException e) {
      CorruptEntryException corrupt = new CorruptEntryException(location,
          "its parameters, rounded again from " + from.kind() + "/" + from.key() + ", are not the ones its manifest records (" + e.getMessage() + ")");
      String moved = store.quarantine(kind, key, corrupt);
      throw new CorruptEntryException(location, corrupt.problem() + "; moved to " + moved + ", run again to recompute it");
    }
  }

  private static ModelArtifact rebuild(byte[] manifestBytes, ModelArtifact parent, String source) {
    ModelManifest manifest;
    try {
      manifest = JSON.readValue(manifestBytes, ModelManifest.class);
    } catch (IOException e) {
      throw new InvalidInputException(source, ModelArtifact.MANIFEST, "not a valid manifest", e);
    }
    QuantizationSettings settings = settings(manifest);
    if (settings == null) {
      throw new InvalidInputException(source, ModelArtifact.MANIFEST, "its lineage ends without a quantize stage");
    }
    ParameterSet parameters = Quantization.quantizeWeights(parent, settings).dequantized();
    return ModelArtifact.rebuilt(manifestBytes, parameters, source);
  }

  /** The settings of the model's last stage, when that stage is a quantization; else null. */
  private static QuantizationSettings settings(ModelManifest manifest) {
    List<LineageEntry> lineage = manifest.lineage();
    if (lineage == null || lineage.isEmpty() || !(lineage.get(lineage.size() - 1) instanceof LineageEntry.Quantize stage)) {
      return null;
    }
    return QuantizationSettings.of(stage, "model lineage");
  }
}
