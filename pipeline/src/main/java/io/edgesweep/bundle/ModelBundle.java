package io.edgesweep.bundle;

import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as a bundle holds it: its architecture, each weight layer's codes and storage format,
 * and its activation quantizers.
 *
 * <p>The writer builds one from a quantized model ({@link BundleContents}); the reader rebuilds
 * one from the files. {@link #parameters()} are the float32 weights the codes stand for, in the
 * architecture's order, ready for {@code Classifier.open}.
 *
 * @param layers one entry per weight layer, in forward order
 * @param activations activation quantizers, or null for a float forward pass
 */
public record ModelBundle(Architecture architecture, List<Layer> layers, ActivationQuantization activations) {

  /**
   * One weight layer: its codes, the format they are stored in, and the cost model's count of
   * that format's bytes.
   *
   * @param csrIndexBits the CSR index width; ignored by other formats
   * @param estimatedBytes the layer's bytes as the cost model counted them
   */
  public record Layer(WeightLayer layer, LayerCodes codes, StorageFormat format, int csrIndexBits, long estimatedBytes) {}

  public ModelBundle {
    List<WeightLayer> expected = architecture.weightLayers();
    if (expected.size() != layers.size()) {
      throw new IllegalArgumentException(architecture + " has " + expected.size() + " weight layers, the bundle " + layers.size());
    }
    layers = List.copyOf(layers);
  }

  /** The float32 parameters the codes stand for, named and ordered as the architecture's. */
  public ParameterSet parameters() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Layer l : layers) {
      tensors.put(l.layer().weightName(), l.codes().weight());
      tensors.put(l.layer().biasName(), l.codes().biasTensor());
    }
    return new ParameterSet(tensors);
  }
}
