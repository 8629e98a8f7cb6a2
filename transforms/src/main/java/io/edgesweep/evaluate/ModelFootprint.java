package io.edgesweep.evaluate;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.WeightFormat;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Layer;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the size and cost model need to know about one variant, and nothing more.
 *
 * <p>Built from a model's architecture, its parameters (only to count and place their zeros) and
 * its quantization settings, so it is small enough to travel in a Beam PCollection and needs
 * neither DJL nor the weights once built. The pipeline builds it from a {@code ModelArtifact}:
 * {@code ModelFootprint.of(artifact.architecture(), artifact.parameters(), encoding,
 * ModelFootprint.activationPrecision(artifact.manifest().activations()))}, where {@code encoding}
 * comes from the variant's quantize stage (fp32 when it has none).
 *
 * @param architecture the architecture spec, for reports
 * @param layers every layer in forward order, pooling and flattening included
 * @param weightLayers the weight layers in forward order, with their zeros and encodings
 * @param activations the format activations are kept in between layers
 */
public record ModelFootprint(String architecture, List<Layer> layers, List<LayerFootprint> weightLayers, Precision activations)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ModelFootprint {
    layers = List.copyOf(layers);
    weightLayers = List.copyOf(weightLayers);
    if (activations == null) {
      throw new IllegalArgumentException("activation precision is null; use Precision.FP32 for a float forward pass");
    }
    List<String> expected = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof WeightLayer w) {
        expected.add(w.name());
      }
    }
    List<String> given = weightLayers.stream().map(LayerFootprint::name).toList();
    if (!expected.equals(given)) {
      throw new IllegalArgumentException("weight layers " + given + " do not match the architecture's " + expected);
    }
  }

  /** The footprint of a model whose every weight layer has the same encoding. */
  public static ModelFootprint of(Architecture architecture, ParameterSet parameters, WeightFormat encoding, Precision activations) {
    Map<String, WeightFormat> encodings = new LinkedHashMap<>();
    for (WeightLayer layer : requireLayers(architecture).weightLayers()) {
      encodings.put(layer.name(), encoding);
    }
    return of(architecture, parameters, encodings, activations);
  }

  /** The footprint of a model with an encoding per weight layer, by layer name (mixed precision). */
  public static ModelFootprint of(Architecture architecture, ParameterSet parameters, Map<String, ? extends WeightFormat> encodings, Precision activations) {
    List<LayerFootprint> footprints = new ArrayList<>();
    for (WeightLayer layer : requireLayers(architecture).weightLayers()) {
      if (!parameters.contains(layer.weightName())) {
        throw new InvalidInputException("model " + architecture, layer.weightName(), "missing from the parameters " + parameters.names());
      }
      Tensor weight = parameters.get(layer.weightName());
      if (!Arrays.equals(weight.shape(), layer.weightShape())) {
        throw new InvalidInputException("model " + architecture, layer.weightName(),
            "has shape " + Arrays.toString(weight.shape()) + ", the architecture needs " + Arrays.toString(layer.weightShape()));
      }
      footprints.add(new LayerFootprint(layer, WeightSparsity.of(weight), encodingFor(encodings, layer, architecture)));
    }
    return new ModelFootprint(architecture.spec(), architecture.layers(), footprints, activations);
  }

  /** The footprint of an architecture with no zero weights, for estimates made before training. */
  public static ModelFootprint dense(Architecture architecture, WeightFormat encoding, Precision activations) {
    List<LayerFootprint> footprints = new ArrayList<>();
    for (WeightLayer layer : requireLayers(architecture).weightLayers()) {
      int[] shape = layer.weightShape();
      footprints.add(new LayerFootprint(layer, WeightSparsity.dense(shape[0], layer.fanIn()), encoding));
    }
    return new ModelFootprint(architecture.spec(), architecture.layers(), footprints, activations);
  }

  /**
   * The format activations travel in, from a model manifest's activation quantizers: fp32 when
   * there are none, fp16, or the integer width.
   */
  public static Precision activationPrecision(ActivationQuantization activations) {
    if (activations == null) {
      return Precision.FP32;
    }
    return activations.isFp16() ? Precision.FP16 : Precision.integer(activations.bits());
  }

  private static Architecture requireLayers(Architecture architecture) {
    if (architecture.isTorchScript()) {
      throw new InvalidInputException("model " + architecture, null,
          "the cost model needs the layer sizes of an mlp: or cnn: architecture; a TorchScript graph does not expose them");
    }
    return architecture;
  }

  private static WeightFormat encodingFor(Map<String, ? extends WeightFormat> encodings, WeightLayer layer, Architecture architecture) {
    WeightFormat encoding = encodings.get(layer.name());
    if (encoding == null) {
      throw new IllegalArgumentException("no weight encoding for layer " + layer.name() + " of " + architecture + "; have " + encodings.keySet());
    }
    return encoding;
  }

  /** Weights and biases. */
  public long parameters() {
    return weightLayers.stream().mapToLong(LayerFootprint::parameters).sum();
  }

  /** Non-zero weights plus every bias (biases are not pruned). */
  public long nonZeroParameters() {
    return weightLayers.stream().mapToLong(l -> l.sparsity().nonZeros() + l.sparsity().rows()).sum();
  }

  /** MACs of one example with every weight multiplied. */
  public long denseMacs() {
    return weightLayers.stream().mapToLong(LayerFootprint::denseMacs).sum();
  }

  /** MACs of one example if every zero weight were skipped; what a device achieves depends on its kernels. */
  public long sparseMacs() {
    return weightLayers.stream().mapToLong(LayerFootprint::sparseMacs).sum();
  }

  /** Bytes of the whole model with every layer in one format. */
  public long storedBytes(StorageFormat format, int csrIndexBits) {
    return weightLayers.stream().mapToLong(l -> l.storage(format, csrIndexBits).totalBytes()).sum();
  }

  /** The distinct weight precisions of the layers, narrowest first. */
  public List<Precision> weightPrecisions() {
    return weightLayers.stream().map(l -> Precision.of(l.encoding())).distinct().sorted().toList();
  }
}
