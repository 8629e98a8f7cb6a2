package io.edgesweep.evaluate;

import io.edgesweep.compress.WeightFormat;
import io.edgesweep.model.WeightLayer;
import java.io.Serializable;

/**
 * One weight layer as the cost model sees it: its shape, where its zeros are, how it is stored.
 *
 * <p>Structured pruning shows here as a smaller layer (the architecture was narrowed), so its
 * savings always count; unstructured pruning shows as zeros in {@link #sparsity()}, which only
 * some devices can exploit.
 *
 * @param layer the layer with its resolved sizes
 * @param sparsity the zeros of its weight (the bias is stored dense)
 * @param encoding its weight format and scales: the cost model's linear {@link WeightEncoding}, or
 *     a format a stage brought
 */
public record LayerFootprint(WeightLayer layer, WeightSparsity sparsity, WeightFormat encoding) implements Serializable {
  private static final long serialVersionUID = 1L;

  public LayerFootprint {
    int[] shape = layer.weightShape();
    long rowLength = 1;
    for (int i = 1; i < shape.length; i++) {
      rowLength *= shape[i];
    }
    if (sparsity.rows() != shape[0] || sparsity.rowLength() != rowLength) {
      throw new IllegalArgumentException(layer.name() + " has a " + shape[0] + "x" + rowLength + " weight, its sparsity describes " + sparsity);
    }
    if (layer.macs() % sparsity.positions() != 0) {
      throw new IllegalArgumentException(layer.name() + ": MACs " + layer.macs() + " are not a whole multiple of its " + sparsity.positions() + " weights");
    }
  }

  public String name() {
    return layer.name();
  }

  /** Weight and bias values. */
  public long parameters() {
    return sparsity.positions() + sparsity.rows();
  }

  /** MACs of one example with every weight multiplied, zeros included. */
  public long denseMacs() {
    return layer.macs();
  }

  /**
   * MACs of one example when zero weights are skipped: each weight is used {@code macs / weights}
   * times per example (once in a dense layer, once per output pixel in a convolution).
   */
  public long sparseMacs() {
    return layer.macs() / sparsity.positions() * sparsity.nonZeros();
  }

  /** Bytes of this layer in one storage format. */
  public LayerStorage storage(StorageFormat format, int csrIndexBits) {
    return StorageSize.of(sparsity, encoding, format, csrIndexBits);
  }
}
