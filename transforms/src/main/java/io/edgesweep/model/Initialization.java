package io.edgesweep.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh weights for an architecture, as PyTorch's {@code nn.Linear} and {@code nn.Conv2d} draw them.
 *
 * <p>PyTorch's default is {@code kaiming_uniform_(a=sqrt(5))} for weights, which is U(-b, b) with
 * b = 1/sqrt(fan_in), and the same bound for biases. Drawing them in Java from a
 * {@link SplittableRandom} with the run's seed makes a model's start depend only on that seed, not
 * on the engine's generator or on thread scheduling.
 */
public final class Initialization {
  private Initialization() {}

  public static ParameterSet pytorchDefault(Architecture architecture, long seed) {
    if (architecture.isTorchScript()) {
      throw new IllegalArgumentException("a TorchScript model brings its own weights: " + architecture);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (WeightLayer layer : architecture.weightLayers()) {
      double bound = 1.0 / Math.sqrt(layer.fanIn());
      tensors.put(layer.weightName(), uniform(random, bound, layer.weightShape()));
      tensors.put(layer.biasName(), uniform(random, bound, new int[] {layer.outputs()}));
    }
    return new ParameterSet(tensors);
  }

  private static Tensor uniform(SplittableRandom random, double bound, int[] shape) {
    Tensor t = Tensor.zeros(shape);
    float[] v = t.values();
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return t;
  }
}
