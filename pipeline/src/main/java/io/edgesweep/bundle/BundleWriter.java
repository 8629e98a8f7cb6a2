package io.edgesweep.bundle;

import io.edgesweep.data.AtomicFiles;
import io.edgesweep.model.ModelArtifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a bundle folder: {@code weights.bin}, every layer's arrays back to back, and {@code
 * manifest.json}, which says where each array is.
 *
 * <p>weights.bin holds nothing but the arrays the cost model counts (no header, no padding
 * between arrays beyond each one's own rounding to whole bytes), so its size can be compared with
 * the estimate directly; names, shapes and offsets live in the manifest.
 */
public final class BundleWriter {
  private BundleWriter() {}

  /**
   * @param inputShape CxHxW of an input image, from the model's manifest
   * @param classNames the class names, from the model's manifest
   * @param estimatedBytes the model's bytes on the device as the cost model reported them
   * @param pick what the bundle was exported for: device, variant, metrics, source run
   */
  public static BundleManifest write(ModelBundle bundle, String inputShape, List<String> classNames, long estimatedBytes,
      Map<String, Object> pick, Path folder) throws IOException {
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    List<BundleManifest.Layer> layers = new ArrayList<>();
    long parameters = 0;
    long nonZeros = 0;
    String encoding = null;
    for (ModelBundle.Layer layer : bundle.layers()) {
      LayerCodes codes = layer.codes();
      LayerEncoding.Encoded encoded = LayerEncoding.encode(codes, layer.format(), layer.csrIndexBits());
      List<BundleManifest.Array> arrays = new ArrayList<>();
      for (Map.Entry<String, byte[]> array : encoded.arrays().entrySet()) {
        arrays.add(new BundleManifest.Array(array.getKey(), weights.size(), array.getValue().length));
        weights.write(array.getValue());
      }
      boolean csr = layer.format() == io.edgesweep.evaluate.StorageFormat.CSR;
      layers.add(new BundleManifest.Layer(layer.layer().name(), codes.shape(), codes.layout().code(), codes.layout().bits(), codes.layout().channels(),
          layer.format().yamlName(), csr ? layer.csrIndexBits() : null, csr ? encoded.rowPointerBits() : null,
          encoded.nonZeros(), encoded.entries(), layer.estimatedBytes(), arrays));
      parameters += codes.codes().length + codes.bias().length;
      nonZeros += encoded.nonZeros() + codes.bias().length;
      encoding = codes.layout().describe(codes.rows());
    }
    byte[] bytes = weights.toByteArray();
    BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, bundle.architecture().spec(), inputShape, classNames, encoding,
        bundle.activations(), BundleManifest.WEIGHTS, bytes.length, ModelArtifact.sha256(bytes), estimatedBytes, parameters, nonZeros,
        parameters == 0 ? 0 : 1.0 - (double) nonZeros / parameters, layers, pick);
    byte[] manifestBytes = BundleManifest.JSON.writeValueAsBytes(manifest);
    AtomicFiles.writeFolder(folder, true, temporary -> {
      Files.write(temporary.resolve(BundleManifest.WEIGHTS), bytes);
      Files.write(temporary.resolve(BundleManifest.FILE), manifestBytes);
    });
    return manifest;
  }
}
