package io.edgesweep.compress;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.Layer;
import io.edgesweep.model.WeightLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which weight layer's units each layer's input channels are, for structured pruning on a chain
 * or a graph.
 *
 * <p>Channels pass unchanged through ReLU/ReLU6, pooling, flatten and depthwise convolutions, so
 * removing a unit of a convolution removes the matching input of every layer that reads it through
 * those, and the matching filter of a depthwise convolution on the way (its channels follow their
 * producer). Channels that meet at a residual add would have to be removed together, from every
 * layer writing into the sum and every layer reading it; this pruner leaves such groups whole, as
 * it leaves the class scores whole. In a chain the source of each weight layer is the one before
 * it, which is what the chain pruner always assumed.
 */
final class ChannelSources {
  private final Architecture architecture;

  ChannelSources(Architecture architecture) {
    this.architecture = architecture;
  }

  /** The weight layers whose units may be removed: not the last, not depthwise, not reaching an add. */
  List<WeightLayer> prunable() {
    List<WeightLayer> result = new ArrayList<>();
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof WeightLayer w && !isDepthwise(layers.get(i)) && reachesOnlyWeightLayers(i)) {
        result.add(w);
      }
    }
    return result;
  }

  /**
   * The prunable-or-whole weight layer whose units are the input channels of {@code layer}, or
   * null when they are the image's or an add's (kept whole).
   */
  WeightLayer inputSource(WeightLayer layer) {
    return sourceOf(architecture.inputsOf(architecture.layers().indexOf((Layer) layer))[0]);
  }

  /** For a depthwise convolution, the layer whose units its channels follow (null: whole); else the layer itself. */
  WeightLayer outputSource(WeightLayer layer) {
    return isDepthwise((Layer) layer) ? inputSource(layer) : layer;
  }

  private WeightLayer sourceOf(int index) {
    while (index >= 0) {
      Layer layer = architecture.layers().get(index);
      if (layer instanceof Layer.Add) {
        return null;
      }
      if (layer instanceof WeightLayer w && !isDepthwise(layer)) {
        return w;
      }
      index = architecture.inputsOf(index)[0];
    }
    return null;
  }

  private boolean reachesOnlyWeightLayers(int index) {
    List<Integer> consumers = architecture.consumersOf(index);
    if (consumers.isEmpty()) {
      return false; // the class scores
    }
    for (int c : consumers) {
      Layer consumer = architecture.layers().get(c);
      if (consumer instanceof Layer.Add) {
        return false;
      }
      boolean passesChannels = !(consumer instanceof WeightLayer) || isDepthwise(consumer);
      if (passesChannels && !reachesOnlyWeightLayers(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDepthwise(Layer layer) {
    return layer instanceof Layer.Conv c && c.depthwise();
  }
}
