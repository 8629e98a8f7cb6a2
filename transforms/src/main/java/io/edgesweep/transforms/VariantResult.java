package io.edgesweep.transforms;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.select.Candidate;
import java.io.Serializable;
import java.util.Map;

/**
 * Everything measured and estimated for one variant: one row of variants.parquet.
 *
 * @param modelKind the store kind of the variant's model (a stage that changed nothing passes
 *     its parent's through)
 * @param modelKey the content address of the variant's model
 * @param floatModelKind the store kind of the float model the weights were quantized from (the
 *     variant's own model when it is not quantized): an exported bundle re-derives the integer
 *     codes from it, since the quantized model stores only their dequantized values
 * @param floatModelKey that float model's content address
 * @param devices per device id, in profile order: the selection candidate (bytes, latency, energy,
 *     peak RAM, weight formats, storage format, hardware limits broken) and the MACs the device runs
 */
public record VariantResult(
    VariantCoordinates coordinates,
    String modelKind,
    String modelKey,
    String floatModelKind,
    String floatModelKey,
    String arch,
    long parameters,
    long nonZeroParameters,
    long denseMacs,
    AccuracyEstimate accuracy,
    double meanCrossEntropy,
    double teacherAgreement,
    Map<String, DeviceEstimate> devices)
    implements Serializable {

  public String id() {
    return coordinates.id();
  }

  /** Zero weights and biases as a share of all parameters. */
  public double sparsity() {
    return parameters == 0 ? 0 : 1.0 - (double) nonZeroParameters / parameters;
  }

  /** One device's estimate for this variant. */
  public record DeviceEstimate(Candidate candidate, long macs, long bytesMoved) implements Serializable {}
}
