package io.edgesweep.compress;

import ai.djl.ndarray.NDArray;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.ClassifierBlocks;
import io.edgesweep.model.LayerInputHook;

/**
 * Fake quantization of activations whose gradient is the identity: the straight-through estimator.
 *
 * <p>Rounding has a zero gradient almost everywhere, so training through the inference hook would
 * stop every gradient at the first quantized layer input. Here the forward value is Q(x) and the
 * backward pass sees x: {@code x + stopGradient(Q(x) − x)}.
 */
final class StraightThrough {
  private StraightThrough() {}

  /** Q(x) forward, identity backward. */
  static NDArray fakeQuantize(NDArray x, ActivationQuantization.Range range) {
    // Intermediates belong to x's manager (the batch's), freed with the batch.
    return x.add(ClassifierBlocks.fakeQuantize(x, range).sub(x).stopGradient());
  }

  /** The hook that fake-quantizes each weight layer's input as {@code activations} says, for training. */
  static LayerInputHook hook(ActivationQuantization activations) {
    if (activations.isFp16()) {
      return ClassifierBlocks.quantizing(activations);
    }
    return (layer, x) -> {
      ActivationQuantization.Range range = activations.inputs().get(layer);
      if (range == null) {
        throw new IllegalArgumentException("no calibrated activation range for the input of " + layer);
      }
      return fakeQuantize(x, range);
    };
  }
}
