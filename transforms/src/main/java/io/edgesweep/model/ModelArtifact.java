package io.edgesweep.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.AtomicFiles;
import io.edgesweep.data.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as edgesweep stores it: a folder with {@code manifest.json}, {@code
 * parameters.safetensors} and, for TorchScript models, {@code model.pt}.
 *
 * <p>The parameters are float32 safetensors that Python can load; quantized models keep their
 * dequantized values there (what the simulated forward pass uses) and their quantizers in the
 * manifest. Reading checks the parameters against the manifest's SHA-256 and the architecture's
 * shapes, so a corrupt or edited file is named instead of silently evaluated.
 */
public final class ModelArtifact {
  public static final String FORMAT = "edgesweep-model/1";
  public static final String MANIFEST = "manifest.json";
  public static final String PARAMETERS = "parameters.safetensors";
  public static final String TORCHSCRIPT = "model.pt";
  /** The artifact store's compact form of a quantized model's parameters ({@link CompactParameters}). */
  public static final String PARAMETER_CODES = "parameters.codes";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final ModelManifest manifest;
  private final Architecture architecture;
  private final ParameterSet parameters;
  private final byte[] torchScript;
  private final byte[] parameterBytes;
  private final Map<String, WeightCodes> codes;

  private ModelArtifact(ModelManifest manifest, Architecture architecture, ParameterSet parameters, byte[] torchScript, byte[] parameterBytes) {
    this(manifest, architecture, parameters, torchScript, parameterBytes, Map.of());
  }

  private ModelArtifact(ModelManifest manifest, Architecture architecture, ParameterSet parameters, byte[] torchScript, byte[] parameterBytes,
      Map<String, WeightCodes> codes) {
    this.manifest = manifest;
    this.architecture = architecture;
    this.parameters = parameters;
    this.torchScript = torchScript;
    this.parameterBytes = parameterBytes;
    this.codes = codes;
  }

  /** Describes new parameters: computes their counts and hash and fills the manifest. */
  public static ModelArtifact create(
      Architecture architecture,
      ParameterSet parameters,
      ActivationQuantization activations,
      byte[] torchScript,
      ImageShape inputShape,
      List<String> classNames,
      List<LineageEntry> lineage,
      String command,
      Map<String, String> provenance,
      Map<String, Object> metrics) {
    if (architecture.isTorchScript() && torchScript == null) {
      throw new IllegalArgumentException("a TorchScript artifact needs the module's bytes");
    }
    byte[] bytes = safetensors(parameters, architecture);
    ModelManifest manifest = new ModelManifest(
        FORMAT,
        architecture.spec(),
        inputShape == null ? null : inputShape.toString(),
        classNames == null ? null : List.copyOf(classNames),
        parameters.count(),
        parameters.nonZeros(),
        sha256(bytes),
        lineage == null ? List.of() : List.copyOf(lineage),
        activations,
        command,
        provenance == null ? Map.of() : new java.util.TreeMap<>(provenance),
        metrics == null ? Map.of() : new java.util.TreeMap<>(metrics));
    return new ModelArtifact(manifest, architecture, parameters, torchScript, bytes);
  }

  /**
   * A derived model: the same data description and lineage as this one, plus one stage.
   *
   * <p>The TorchScript module's bytes go along only when the new architecture is still that
   * module: a built student distilled from a TorchScript teacher has no {@code model.pt}.
   *
   * @param stage the new lineage entry
   */
  public ModelArtifact derive(
      Architecture newArchitecture,
      ParameterSet newParameters,
      ActivationQuantization activations,
      LineageEntry stage,
      String command,
      Map<String, Object> metrics) {
    List<LineageEntry> lineage = new ArrayList<>(manifest.lineage());
    lineage.add(stage);
    return create(
        newArchitecture,
        newParameters,
        activations,
        newArchitecture.isTorchScript() ? torchScript : null,
        ImageShape.parseOrNull(manifest.inputShape()),
        manifest.classNames(),
        lineage,
        command,
        manifest.provenance(),
        metrics);
  }

  /**
   * This model with the integer grid its weights lie on, so that {@link #storeFiles()} keeps codes
   * instead of float32 values.
   *
   * @throws IllegalStateException if a tensor's codes do not decode to exactly its parameters
   */
  public ModelArtifact withCodes(Map<String, WeightCodes> weightCodes) {
    for (Map.Entry<String, WeightCodes> e : weightCodes.entrySet()) {
      if (!parameters.contains(e.getKey()) || !e.getValue().values().equals(parameters.get(e.getKey()))) {
        throw new IllegalStateException("the codes of " + e.getKey() + " do not decode to the model's parameters");
      }
    }
    return new ModelArtifact(manifest, architecture, parameters, torchScript, parameterBytes, Map.copyOf(weightCodes));
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public Architecture architecture() {
    return architecture;
  }

  public ParameterSet parameters() {
    return parameters;
  }

  public String parametersSha256() {
    return manifest.parametersSha256();
  }

  /** About the memory it holds: its parameters as floats and as file bytes, and its TorchScript graph. */
  public long heapBytes() {
    return parameters.count() * Float.BYTES + (parameterBytes == null ? 0 : parameterBytes.length)
        + (torchScript == null ? 0 : torchScript.length);
  }

  /** The TorchScript module's bytes, or null for a DJL-built architecture. */
  public byte[] torchScript() {
    return torchScript;
  }

  /** Loads the model into DJL with its parameters and activation quantizers; close it after use. */
  public Classifier open() {
    return Classifier.open(architecture, parameters, manifest.activations(), torchScript);
  }

  /** The artifact's files by name, as written to a folder or to an artifact store. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      files.put(MANIFEST, JSON.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    files.put(PARAMETERS, parameterBytes);
    if (torchScript != null) {
      files.put(TORCHSCRIPT, torchScript);
    }
    return files;
  }

  /**
   * The files the artifact store keeps: {@link #files()}, except that a model with weight codes
   * keeps them packed ({@link #PARAMETER_CODES}) in place of its float32 parameters, which reading
   * ({@link #fromFiles}) rebuilds exactly.
   */
  public Map<String, byte[]> storeFiles() {
    Map<String, byte[]> files = files();
    if (!codes.isEmpty()) {
      files.remove(PARAMETERS);
      files.put(PARAMETER_CODES, CompactParameters.encode(parameters, codes));
    }
    return files;
  }

  /**
   * Whether its parameters still hash to the manifest's SHA-256. A model that tasks share (a cached
   * parent) must come out of every task as it went in; tests check it after whole sweeps.
   */
  public boolean parametersUnchanged() {
    return sha256(safetensors(parameters, architecture)).equals(manifest.parametersSha256());
  }

  /** Whether the model carries the integer codes its weights were rounded to. */
  public boolean hasCodes() {
    return !codes.isEmpty();
  }

  /**
   * An artifact from its manifest and parameters computed again (a stored model kept as the recipe
   * that rebuilds it), checked against the manifest's SHA-256 like a read file.
   *
   * @throws InvalidInputException when the parameters are not the ones the manifest records
   */
  public static ModelArtifact rebuilt(byte[] manifestBytes, ParameterSet parameters, String source) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(MANIFEST, manifestBytes);
    try {
      files.put(PARAMETERS, safetensors(parameters, Architecture.parse(JSON.readValue(manifestBytes, ModelManifest.class).arch())));
    } catch (IOException e) {
      throw new InvalidInputException(source + "/" + MANIFEST, null, "not a valid manifest: " + firstLine(e.getMessage()), e);
    }
    return fromFiles(files, source);
  }

  /** Writes the artifact folder atomically, replacing an older one at that path. */
  public void writeTo(Path folder) throws IOException {
    Map<String, byte[]> files = files();
    AtomicFiles.writeFolder(folder, true, temporary -> {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(temporary.resolve(file.getKey()), file.getValue());
      }
    });
  }

  /** Reads and checks an artifact folder. */
  public static ModelArtifact read(Path folder) {
    String source = folder.toString();
    try {
      // A write with --force killed between its two renames leaves the old model aside.
      AtomicFiles.restoreInterrupted(folder);
    } catch (IOException e) {
      // Reported below as a missing folder.
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(source, null, "no such model folder");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : List.of(MANIFEST, PARAMETERS, PARAMETER_CODES, TORCHSCRIPT)) {
      Path file = folder.resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          files.put(name, Files.readAllBytes(file));
        } catch (IOException e) {
          throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
        }
      }
    }
    return fromFiles(files, source);
  }

  /** Rebuilds an artifact from its files, checking each against the manifest. */
  public static ModelArtifact fromFiles(Map<String, byte[]> files, String source) {
    byte[] manifestBytes = files.get(MANIFEST);
    if (manifestBytes == null) {
      throw new InvalidInputException(source, MANIFEST, "missing: this is not an edgesweep model folder");
    }
    ModelManifest manifest;
    try {
      manifest = JSON.readValue(manifestBytes, ModelManifest.class);
    } catch (IOException e) {
      throw new InvalidInputException(source + "/" + MANIFEST, null, "not a valid manifest: " + firstLine(e.getMessage()), e);
    }
    String manifestSource = source + "/" + MANIFEST;
    if (!FORMAT.equals(manifest.format())) {
      throw new InvalidInputException(manifestSource, "format", "is " + manifest.format() + ", this edgesweep reads " + FORMAT);
    }
    Architecture architecture;
    try {
      architecture = Architecture.parse(manifest.arch());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(manifestSource, "arch", e.getMessage(), e);
    }
    byte[] parameterBytes = files.get(PARAMETERS);
    if (parameterBytes == null && files.containsKey(PARAMETER_CODES)) {
      // Rebuilt as create() encodes them, so the manifest's hash checks the decoded values too.
      parameterBytes = safetensors(CompactParameters.decode(files.get(PARAMETER_CODES), source + "/" + PARAMETER_CODES), architecture);
    }
    if (parameterBytes == null) {
      throw new InvalidInputException(source, PARAMETERS, "missing");
    }
    String sha = sha256(parameterBytes);
    if (!sha.equals(manifest.parametersSha256())) {
      throw new InvalidInputException(
          source + "/" + PARAMETERS, null,
          "SHA-256 " + sha + " does not match the manifest's " + manifest.parametersSha256() + ": the file was changed or is corrupt");
    }
    ParameterSet parameters = SafetensorsFormat.decode(parameterBytes, source + "/" + PARAMETERS).parameters();
    byte[] torchScript = files.get(TORCHSCRIPT);
    if (architecture.isTorchScript()) {
      if (torchScript == null) {
        throw new InvalidInputException(source, TORCHSCRIPT, "missing, and the manifest's arch is " + architecture);
      }
    } else {
      checkShapes(source + "/" + PARAMETERS, architecture, parameters);
    }
    return new ModelArtifact(manifest, architecture, parameters, torchScript, parameterBytes);
  }

  private static byte[] safetensors(ParameterSet parameters, Architecture architecture) {
    return SafetensorsFormat.encode(parameters, Map.of("format", FORMAT, "arch", architecture.spec()));
  }

  static void checkShapes(String source, Architecture architecture, ParameterSet parameters) {
    Map<String, int[]> expected = architecture.parameterShapes();
    if (!new ArrayList<>(expected.keySet()).equals(new ArrayList<>(parameters.names()))) {
      throw new InvalidInputException(source, null, "holds " + parameters.names() + ", " + architecture + " needs " + expected.keySet());
    }
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      int[] actual = parameters.get(e.getKey()).shape();
      if (!Arrays.equals(actual, e.getValue())) {
        throw new InvalidInputException(source, e.getKey(), "has shape " + Arrays.toString(actual) + ", " + architecture + " needs " + Arrays.toString(e.getValue()));
      }
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
