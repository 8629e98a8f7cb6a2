package io.edgesweep.transforms;

import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizationSettings;
import io.edgesweep.compress.StageKind;
import io.edgesweep.compress.Stages;
import io.edgesweep.compress.WeightFormat;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.evaluate.ScaleGranularity;
import io.edgesweep.evaluate.WeightEncoding;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import java.util.List;

/**
 * The size-and-cost footprint of a stored model, with the weight encoding its lineage records.
 *
 * <p>The last stage that put the weights on a grid decides: a quantize stage's format, granularity
 * and scheme (the cost model's own linear formats), or the format a stage kind brings through
 * {@link StageKind#weightFormat} (the codebook's indices and table); a model without either stores
 * float32 weights. A lineage entry of a stage this version does not know changes nothing.
 */
public final class Footprints {
  private Footprints() {}

  public static ModelFootprint of(ModelArtifact model) {
    return ModelFootprint.of(model.architecture(), model.parameters(), encoding(model.manifest().lineage()),
        ModelFootprint.activationPrecision(model.manifest().activations()));
  }

  static WeightFormat encoding(List<LineageEntry> lineage) {
    for (int i = lineage.size() - 1; i >= 0; i--) {
      LineageEntry entry = lineage.get(i);
      StageKind kind = Stages.ALL.stream().filter(k -> k.name().equals(entry.stage())).findFirst().orElse(null);
      WeightFormat brought = kind == null ? null : kind.weightFormat(entry);
      if (brought != null) {
        return brought;
      }
      if (lineage.get(i) instanceof LineageEntry.Quantize stage) {
        QuantizationSettings settings = QuantizationSettings.of(stage, "model lineage");
        return switch (settings.weights().kind()) {
          case FLOAT32 -> WeightEncoding.float32();
          case FP16 -> WeightEncoding.float16();
          case INT -> WeightEncoding.integer(settings.weights().bits(),
              settings.granularity() == Granularity.PER_TENSOR ? ScaleGranularity.PER_TENSOR : ScaleGranularity.PER_CHANNEL,
              settings.scheme() == QuantizationScheme.AFFINE);
        };
      }
    }
    return WeightEncoding.float32();
  }
}
