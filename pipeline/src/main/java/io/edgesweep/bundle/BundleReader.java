package io.edgesweep.bundle;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.CodeLayout;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.WeightLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a bundle folder back into a {@link ModelBundle}: unpacks every layer's codes from
 * {@code weights.bin} and rebuilds its float weights as the quantizer dequantized them.
 *
 * <p>Independent of the model artifact the bundle came from: it needs only the two files, which is
 * what a device-side loader would have. Every offset, length and shape is checked against the
 * file and the architecture, and the file against the manifest's SHA-256, so a truncated or edited
 * bundle is named rather than run.
 */
public final class BundleReader {
  private BundleReader() {}

  /** The bundle and its manifest. */
  public record Loaded(BundleManifest manifest, ModelBundle bundle) {}

  public static Loaded read(Path folder) {
    Path manifestFile = folder.resolve(BundleManifest.FILE);
    String source = manifestFile.toString();
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidInputException(folder.toString(), null, "no " + BundleManifest.FILE + ": not a bundle folder");
    }
    BundleManifest manifest;
    try {
      manifest = BundleManifest.JSON.readValue(manifestFile.toFile(), BundleManifest.class);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "not a bundle manifest: " + e.getMessage(), e);
    }
    if (!BundleManifest.FORMAT.equals(manifest.format())) {
      throw new InvalidInputException(source, "format", "is " + manifest.format() + ", this edgesweep reads " + BundleManifest.FORMAT);
    }
    Path weightsFile = folder.resolve(manifest.weightsFile());
    byte[] weights;
    try {
      weights = Files.readAllBytes(weightsFile);
    } catch (IOException e) {
      throw new InvalidInputException(weightsFile.toString(), null, "cannot read: " + e.getMessage(), e);
    }
    String sha = ModelArtifact.sha256(weights);
    if (!sha.equals(manifest.weightsSha256())) {
      throw new InvalidInputException(weightsFile.toString(), null,
          "SHA-256 " + sha + " does not match the manifest's " + manifest.weightsSha256() + ": the file was changed or is truncated");
    }
    Architecture architecture;
    try {
      architecture = Architecture.parse(manifest.arch());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source, "arch", e.getMessage(), e);
    }
    List<WeightLayer> weightLayers = architecture.weightLayers();
    if (weightLayers.size() != manifest.layers().size()) {
      throw new InvalidInputException(source, "layers", "lists " + manifest.layers().size() + " layers, " + architecture + " has " + weightLayers.size());
    }
    List<ModelBundle.Layer> layers = new ArrayList<>();
    for (int i = 0; i < weightLayers.size(); i++) {
      layers.add(layer(weightLayers.get(i), manifest.layers().get(i), weights, source + " layers[" + i + "]"));
    }
    return new Loaded(manifest, new ModelBundle(architecture, layers, manifest.activations()));
  }

  private static ModelBundle.Layer layer(WeightLayer expected, BundleManifest.Layer layer, byte[] weights, String source) {
    if (!expected.name().equals(layer.name()) || !Arrays.equals(expected.weightShape(), layer.shape())) {
      throw new InvalidInputException(source, "name", layer.name() + " " + Arrays.toString(layer.shape()) + " is not the architecture's "
          + expected.name() + " " + Arrays.toString(expected.weightShape()));
    }
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    for (BundleManifest.Array array : layer.arrays()) {
      if (array.offset() < 0 || array.bytes() < 0 || array.offset() + array.bytes() > weights.length) {
        throw new InvalidInputException(source, array.name(), "bytes [" + array.offset() + ", " + (array.offset() + array.bytes())
            + ") run past the end of the " + weights.length + "-byte weights file");
      }
      arrays.put(array.name(), Arrays.copyOfRange(weights, (int) array.offset(), (int) (array.offset() + array.bytes())));
    }
    CodeLayout.Reader reader = LayerEncoding.reader(layer.code());
    if (reader == null) {
      throw new InvalidInputException(source, "code", "'" + layer.code() + "' is none of "
          + LayerEncoding.readers().stream().map(CodeLayout.Reader::code).toList() + ", the codes this edgesweep reads");
    }
    var format = BundleContents.format(layer.format(), source);
    int csrBits = layer.csrIndexBits() == null ? 0 : layer.csrIndexBits();
    int pointerBits = layer.rowPointerBits() == null ? 0 : layer.rowPointerBits();
    try {
      LayerCodes codes = LayerEncoding.decode(expected.weightName(), layer.shape(), reader, layer.bits(), layer.channels(), format,
          csrBits, pointerBits, layer.entries(), layer.nonZeros(), arrays);
      return new ModelBundle.Layer(expected, codes, format, csrBits, layer.estimatedBytes());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(source, null, e.getMessage(), e);
    }
  }
}
