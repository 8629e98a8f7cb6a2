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
import java.util.TreeMap;

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
  /**
   * Float models read by many tasks: the parent of a stage's nodes and of the leaves being read
   * serves all of them (dozens each in a wide grid: 9,504 quantize tasks on 135 parents in
   * sweeps/mini-12960.yaml, where reading and checking each parent again took a fifth of the stage's
   * CPU). Bounded by size rather than count, as a cluster's tasks come in any order and a stage's
   * parents should all fit: at most an eighth of the heap, and 256 MB.
   */
  private static final WorkerCache<String, ModelArtifact> PARENTS = new WorkerCache<>(
      4096, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8), ModelArtifact::heapBytes);

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
    // The recipe must rebuild these very bits, which the manifest's SHA-256 was computed from; so the
    // parameters are compared directly, without encoding and hashing them again.
    try {
      if (!rounded(manifest, parent, "a new " + parentKind + " leaf").sameBits(model.parameters())) {
        return model.storeFiles();
      }
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
    ModelArtifact parent = shared(from.kind(), from.key());
    try {
      return rebuild(files.get(ModelArtifact.MANIFEST), parent, location);
    } catch (InvalidInputException e) {
      CorruptEntryException corrupt = new CorruptEntryException(location,
          "its parameters, rounded again from " + from.kind() + "/" + from.key() + ", are not the ones its manifest records (" + e.getMessage() + ")");
      String moved = store.quarantine(kind, key, corrupt);
      throw new CorruptEntryException(location, corrupt.problem() + "; moved to " + moved + ", run again to recompute it");
    }
  }

  /**
   * Reads a stored model that many tasks read, as {@link #read} does, once per worker while it
   * stays cached. The tasks share the one instance: a stage reads its parent and never writes into
   * it (each makes its output from a copy, as every stage already did with the cached teacher).
   */
  public ModelArtifact shared(String kind, String key) throws IOException {
    try {
      return PARENTS.get(store.root() + "/" + kind + "/" + key, k -> {
        try {
          return read(kind, key);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Each model tasks share in this JVM now, by location, and whether its parameters are still the
   * ones its manifest records (a stage that wrote into its parent would show here as false).
   */
  public static Map<String, Boolean> sharedModelsUnchanged() {
    Map<String, Boolean> unchanged = new TreeMap<>();
    PARENTS.snapshot().forEach((location, model) -> unchanged.put(location, model.parametersUnchanged()));
    return unchanged;
  }

  private static ModelArtifact rebuild(byte[] manifestBytes, ModelArtifact parent, String source) {
    return ModelArtifact.rebuilt(manifestBytes, rounded(manifestBytes, parent, source), source);
  }

  /** The parameters the recipe in {@code manifestBytes} gives when it rounds {@code parent}. */
  private static ParameterSet rounded(byte[] manifestBytes, ModelArtifact parent, String source) {
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
    return Quantization.quantizeWeights(parent, settings).dequantized();
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
