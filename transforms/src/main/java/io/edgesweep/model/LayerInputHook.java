package io.edgesweep.model;

import ai.djl.ndarray.NDArray;

/**
 * Sees (and may replace) the input of each weight layer during the forward pass.
 *
 * <p>Fake quantization of activations is one such hook; calibration is another, which records the
 * values it sees and passes them on unchanged.
 */
@FunctionalInterface
public interface LayerInputHook {
  NDArray apply(String layerName, NDArray input);
}
