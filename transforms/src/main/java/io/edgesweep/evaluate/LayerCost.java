package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * The cost model's figures for one layer on one device: the rows of the per-layer breakdown.
 *
 * <p>Kept whole so that {@code edgesweep profile-host} can compare each term with measurement and
 * docs can show where the time goes, not only the total.
 *
 * @param name the layer's name ({@code fc1}, {@code conv2}, {@code pool1})
 * @param kind dense, conv or maxpool
 * @param precision the precision the layer runs at ({@link KernelPrecision})
 * @param storage the layer's weights in the format chosen for this device; null for pooling
 * @param denseMacs MACs of the batch with every weight multiplied
 * @param macs MACs of the batch the device actually performs
 * @param weightBytesMoved weight bytes read once per batch, also what sits in RAM where weights are
 *     loaded to RAM: the stored layout where kernels read it sparse, the dense layout at the kernel's
 *     width where the runtime unpacks weights at load, else the dense layout at the stored width
 * @param activationBytes input plus output activation bytes of the batch at the kernel's width
 * @param computeSeconds macs / (peak(precision) · efficiency · the kind's relative speed)
 * @param memorySeconds (weightBytesMoved + activationBytes) / (bandwidth · efficiency · the kind's relative speed)
 * @param overheadSeconds the device's fixed cost per layer of this kind
 * @param convertedValues input values of the batch converted from the activations' stored format
 *     to the kernel's before the layer runs; 0 when the two agree
 * @param conversionSeconds what that conversion costs on the device
 * @param energyJoules macs · e_mac(precision) + bytes moved · e_byte
 */
public record LayerCost(
    String name,
    String kind,
    Precision precision,
    LayerStorage storage,
    long denseMacs,
    long macs,
    long weightBytesMoved,
    long activationBytes,
    double computeSeconds,
    double memorySeconds,
    double overheadSeconds,
    long convertedValues,
    double conversionSeconds,
    double energyJoules)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * max(compute, memory) + overhead + input conversion: compute and memory traffic are assumed to
   * overlap fully, the conversion to run before the layer.
   */
  public double latencySeconds() {
    return Math.max(computeSeconds, memorySeconds) + overheadSeconds + conversionSeconds;
  }

  public long bytesMoved() {
    return weightBytesMoved + activationBytes;
  }

  /** "compute" or "memory": which term set this layer's latency. */
  public String bound() {
    return computeSeconds >= memorySeconds ? "compute" : "memory";
  }
}
