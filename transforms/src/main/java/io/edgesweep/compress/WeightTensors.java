package io.edgesweep.compress;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the parameters that pruning and quantization act on: the weights of the weight layers.
 *
 * <p>For a built architecture these are the {@code <layer>.weight} tensors of its dense and
 * convolution layers, output layer included. For a TorchScript module, whose layers edgesweep
 * cannot see, they are the parameters whose name ends in {@code .weight} and whose rank is 2 (a
 * linear layer) or 4 (a 2-d convolution); a rank-1 {@code .weight} is a normalization scale and is
 * left alone, as are all biases.
 */
public final class WeightTensors {
  private WeightTensors() {}

  /** The weight tensors' names in forward (parameter) order. */
  public static List<String> names(Architecture architecture, ParameterSet parameters) {
    List<String> names = new ArrayList<>();
    if (architecture.isTorchScript()) {
      for (String name : parameters.names()) {
        Tensor t = parameters.get(name);
        if (name.endsWith(".weight") && (t.rank() == 2 || t.rank() == 4)) {
          names.add(name);
        }
      }
    } else {
      for (WeightLayer layer : architecture.weightLayers()) {
        names.add(layer.weightName());
      }
    }
    return names;
  }

  /** The number of values in the named tensors. */
  public static long count(ParameterSet parameters, List<String> names) {
    long n = 0;
    for (String name : names) {
      n += parameters.get(name).size();
    }
    return n;
  }

  /** The number of exact zeros in the named tensors. */
  public static long zeros(ParameterSet parameters, List<String> names) {
    long n = 0;
    for (String name : names) {
      Tensor t = parameters.get(name);
      n += t.size() - t.nonZeros();
    }
    return n;
  }
}
