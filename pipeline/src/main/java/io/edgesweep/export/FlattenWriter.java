package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/** [N, C, H, W] to [N, C·H·W], in the row-major order DJL's batch flatten uses. */
final class FlattenWriter implements LayerWriter<Layer.Flatten> {
  @Override
  public Class<Layer.Flatten> kind() {
    return Layer.Flatten.class;
  }

  @Override
  public String write(Layer.Flatten layer, String input, Context context) {
    return context.graph().node("Flatten", "flatten.output", List.of(input), OnnxGraphBuilder.intAttribute("axis", 1));
  }
}
