package io.edgesweep.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgesweep.model.ActivationQuantization;
import java.util.List;
import java.util.Map;

/**
 * What {@code manifest.json} of a bundle says: the model, where each layer's arrays are in
 * {@code weights.bin}, and where the bundle came from.
 *
 * @param format the layout version, {@value #FORMAT}
 * @param arch the architecture spec the layers belong to
 * @param inputShape CxHxW of one input image
 * @param classNames class names in label order
 * @param weights the weight encoding, as in {@code int4 per-channel symmetric}
 * @param activations the activation quantizers applied to each weight layer's input, or null for
 *     a float forward pass
 * @param weightsFile the binary file's name
 * @param weightsBytes its size
 * @param weightsSha256 its SHA-256, checked on read
 * @param estimatedBytes the bytes the cost model reported for the device
 * @param parameters weights and biases
 * @param nonZeroParameters non-zero weights plus every bias
 * @param sparsity zero weights and biases as a share of all parameters
 * @param layers the weight layers in forward order
 * @param pick the device, variant, metrics and source run this bundle was exported for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    String format,
    String arch,
    String inputShape,
    List<String> classNames,
    String weights,
    ActivationQuantization activations,
    String weightsFile,
    long weightsBytes,
    String weightsSha256,
    long estimatedBytes,
    long parameters,
    long nonZeroParameters,
    double sparsity,
    List<Layer> layers,
    Map<String, Object> pick) {
  public static final String FORMAT = "edgesweep-bundle/1";
  public static final String FILE = "manifest.json";
  public static final String WEIGHTS = "weights.bin";

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One weight layer.
   *
   * @param name the layer name, as in {@code fc1}
   * @param shape the weight's shape, output channels first
   * @param code how a stored value's bits are read: signed, unsigned, fp16, fp32, codebook
   * @param bits bits per stored value
   * @param channels scales stored (R per channel, 1 per tensor, 0 for floats), or a codebook's 2^b centroids
   * @param format dense, bitmap or csr
   * @param csrIndexBits bits of a CSR relative index; null for other formats
   * @param rowPointerBits bits of a CSR row pointer; null for other formats
   * @param nonZeros non-zero weights
   * @param entries stored values (all positions for dense; non-zeros, plus fillers for CSR)
   * @param estimatedBytes the layer's bytes as the cost model counted them
   * @param arrays the layer's arrays in file order
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Layer(
      String name,
      int[] shape,
      String code,
      int bits,
      int channels,
      String format,
      Integer csrIndexBits,
      Integer rowPointerBits,
      long nonZeros,
      long entries,
      long estimatedBytes,
      List<Array> arrays) {

    public long bytes() {
      return arrays.stream().mapToLong(Array::bytes).sum();
    }
  }

  /**
   * One array of a layer inside {@code weights.bin}.
   *
   * @param name values, positions, row_pointers, scales, codebook, zero_points or bias
   * @param offset its first byte in the file
   * @param bytes its length
   */
  public record Array(String name, long offset, long bytes) {}
}
