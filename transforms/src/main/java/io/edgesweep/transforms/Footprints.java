package io.edgesweep.transforms;

import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.evaluate.ScaleGranularity;
import io.edgesweep.evaluate.WeightEncoding;
import io.edgesweep.model.ModelArtifact;
import java.util.List;
import java.util.Map;

/**
 * The size-and-cost footprint of a stored model, with the weight encoding its lineage records.
 *
 * <p>The quantize stage writes its weight format, granularity and scheme into the lineage; a
 * model without a quantize stage stores float32 weights.
 */
public final class Footprints {
  private Footprints() {}

  public static ModelFootprint of(ModelArtifact model) {
    return ModelFootprint.of(model.architecture(), model.parameters(), encoding(model.manifest().lineage()),
        ModelFootprint.activationPrecision(model.manifest().activations()));
  }

  static WeightEncoding encoding(List<Map<String, Object>> lineage) {
    for (int i = lineage.size() - 1; i >= 0; i--) {
      Map<String, Object> stage = lineage.get(i);
      if (!"quantize".equals(stage.get("stage"))) {
        continue;
      }
      String weights = String.valueOf(stage.get("weights"));
      if (weights.equals("32")) {
        return WeightEncoding.float32();
      }
      if (weights.equals("fp16")) {
        return WeightEncoding.float16();
      }
      ScaleGranularity granularity = "per-tensor".equals(stage.get("granularity")) ? ScaleGranularity.PER_TENSOR : ScaleGranularity.PER_CHANNEL;
      return WeightEncoding.integer(Integer.parseInt(weights), granularity, "affine".equals(stage.get("scheme")));
    }
    return WeightEncoding.float32();
  }
}
