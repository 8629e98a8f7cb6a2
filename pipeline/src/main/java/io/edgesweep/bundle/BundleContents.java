package io.edgesweep.bundle;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.CodeLayout;
import io.edgesweep.compress.Quantization;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.QuantizedWeights;
import io.edgesweep.compress.StageKind;
import io.edgesweep.compress.Stages;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.evaluate.LayerFootprint;
import io.edgesweep.evaluate.LayerStorage;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.evaluate.StorageSize;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import io.edgesweep.transforms.Footprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Works out what a bundle of a variant holds: the integer codes of its weights and, per layer,
 * the storage format the cost model chose for the device.
 *
 * <p>A stage kind that brought its own number format ({@link StageKind#weightFormat}, the
 * codebook's, say) packs the weights itself ({@link StageKind#pack}): the bundle asks the last
 * kind in the lineage that answers, with the cost model's precedence ({@code Footprints}).
 *
 * <p>A quantized model artifact keeps only the dequantized weights; the codes, scales and
 * zero-points are re-derived by quantizing its float parent with the settings its lineage records,
 * which is deterministic. The result is checked against the artifact bit for bit, so a bundle
 * never holds weights other than the ones that were evaluated. The format of each layer is the
 * smallest the device reads, chosen by the same {@link StorageSize#smallest} call as the cost model.
 */
public final class BundleContents {
  private BundleContents() {}

  /**
   * @param model the variant's model
   * @param floatParent the model its weights were quantized from (the model itself when unquantized)
   * @param formats the layouts the device's runtime reads
   * @param csrIndexBits the device's CSR index width
   */
  public static ModelBundle of(ModelArtifact model, ModelArtifact floatParent, Set<StorageFormat> formats, int csrIndexBits) {
    String source = "model " + model.architecture() + " (" + model.parametersSha256() + ")";
    if (model.architecture().isTorchScript()) {
      throw new InvalidInputException(source, "arch", "a bundle needs the layers of an mlp: or cnn: architecture; a TorchScript graph does not expose them");
    }
    ParameterSet parameters = model.parameters();
    LineageEntry packer = formatEntry(model.manifest().lineage());
    StageKind packerKind = packer == null ? null : Stages.named(packer.stage());
    QuantizedWeights codes = packer == null ? codes(model, floatParent, source) : null;
    ModelFootprint footprint = Footprints.of(model);
    List<ModelBundle.Layer> layers = new ArrayList<>();
    List<WeightLayer> weightLayers = model.architecture().weightLayers();
    for (int i = 0; i < weightLayers.size(); i++) {
      WeightLayer layer = weightLayers.get(i);
      LayerFootprint print = footprint.weightLayers().get(i);
      LayerStorage estimate = StorageSize.smallest(print.sparsity(), print.encoding(), formats, csrIndexBits);
      Tensor bias = parameters.get(layer.biasName());
      LayerCodes layerCodes;
      if (packerKind != null) {
        Tensor weight = parameters.get(layer.weightName());
        CodeLayout.Packed packed;
        try {
          packed = packerKind.pack(packer, layer.weightName(), weight);
        } catch (IllegalStateException e) {
          throw new IllegalStateException(source + ": " + e.getMessage(), e);
        }
        layerCodes = LayerCodes.of(layer.weightName(), weight.shape(), packed, bias);
      } else if (codes != null) {
        layerCodes = LayerCodes.of(codes.tensors().get(layer.weightName()), bias);
      } else {
        layerCodes = LayerCodes.float32(layer.weightName(), parameters.get(layer.weightName()), bias);
      }
      layers.add(new ModelBundle.Layer(layer, layerCodes, estimate.format(), csrIndexBits, estimate.totalBytes()));
    }
    return new ModelBundle(model.architecture(), layers, model.manifest().activations());
  }

  /**
   * The lineage entry whose stage kind brought the weights' number format and packs them, or null
   * when a quantize stage (or nothing) put them on their grid last: the same precedence as the
   * cost model's {@code Footprints}.
   */
  static LineageEntry formatEntry(List<LineageEntry> lineage) {
    for (int i = lineage.size() - 1; i >= 0; i--) {
      LineageEntry entry = lineage.get(i);
      if (entry instanceof LineageEntry.Quantize) {
        return null;
      }
      StageKind kind = Stages.of(entry);
      if (kind != null && kind.weightFormat(entry) != null) {
        return entry;
      }
    }
    return null;
  }

  /**
   * The weight codes of a quantized model, or null for float32 weights: those a later stage kind
   * hands ({@link StageKind#codes}), else the float parent quantized again with the recorded
   * settings. Either way checked against the model's weights bit for bit.
   */
  public static QuantizedWeights codes(ModelArtifact model, ModelArtifact floatParent, String source) {
    QuantizationSettings recorded = QuantizationSettings.of(model);
    if (recorded == null || recorded.weights().kind() == WeightPrecision.Kind.FLOAT32) {
      return null;
    }
    QuantizationSettings settings = new QuantizationSettings(recorded.weights(), recorded.granularity(), recorded.scheme(), ActivationSettings.off());
    QuantizedWeights own = ownCodes(model, source);
    QuantizedWeights codes = own != null ? own : Quantization.quantizeWeights(floatParent, settings);
    ParameterSet rebuilt = codes.dequantized();
    for (String name : model.parameters().names()) {
      if (!rebuilt.contains(name) || !rebuilt.get(name).equals(model.parameters().get(name))) {
        throw new IllegalStateException(source + ": " + (own != null ? "the codes its lineage records do not give its " + name
            : "quantizing its float parent (" + floatParent.parametersSha256() + ") with " + settings.weights() + " " + settings.granularity()
            + " " + settings.scheme() + " does not give its " + name + "; the parent is not the model it was quantized from"));
      }
    }
    for (QuantizedTensor t : codes.tensors().values()) {
      if (t.precision().kind() == WeightPrecision.Kind.FLOAT32) {
        throw new IllegalStateException(source + ": " + t.name() + " has no codes");
      }
    }
    return codes;
  }

  /**
   * The codes a stage kind after the last quantize entry hands for the model's weights (scales it
   * learned, say: {@link StageKind#codes}), or null when re-quantizing the float parent gives them.
   */
  private static QuantizedWeights ownCodes(ModelArtifact model, String source) {
    List<LineageEntry> lineage = model.manifest().lineage();
    for (int i = lineage.size() - 1; i >= 0 && !(lineage.get(i) instanceof LineageEntry.Quantize); i--) {
      LineageEntry entry = lineage.get(i);
      StageKind kind = Stages.of(entry);
      try {
        QuantizedWeights codes = kind == null ? null : kind.codes(entry, model);
        if (codes != null) {
          return codes;
        }
      } catch (IllegalStateException e) {
        throw new IllegalStateException(source + ": " + e.getMessage(), e);
      }
    }
    return null;
  }

  /** The storage formats the device reads, from their YAML names. */
  public static StorageFormat format(String name, String source) {
    for (StorageFormat f : StorageFormat.values()) {
      if (f.yamlName().equals(name)) {
        return f;
      }
    }
    throw new InvalidInputException(source, "format", "unknown storage format '" + name + "'; use dense, bitmap or csr");
  }
}
