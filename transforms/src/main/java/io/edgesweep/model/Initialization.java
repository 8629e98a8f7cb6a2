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

  /**
   * The start of a model trained from scratch: PyTorch's default for {@code mlp:}/{@code cnn:}
   * chains (unchanged, so their runs reproduce), He initialization for graphs.
   *
   * <p>A graph comes without its batch norm (folded at import, absent when built from a spec), and
   * PyTorch's default bound, a third of the variance a ReLU layer needs, shrinks the signal at
   * every layer: the depthwise CNN did not leave chance in two epochs. He et al. (2015),
   * {@code kaiming_uniform_(nonlinearity="relu")}, keeps it: U(-b, b) with b = sqrt(6 / fan_in),
   * biases zero.
   */
  public static ParameterSet forTraining(Architecture architecture, long seed) {
    if (!architecture.isGraph()) {
      return pytorchDefault(architecture, seed);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (WeightLayer layer : architecture.weightLayers()) {
      tensors.put(layer.weightName(), uniform(random, Math.sqrt(6.0 / layer.fanIn()), layer.weightShape()));
      tensors.put(layer.biasName(), Tensor.zeros(layer.outputs()));
    }
    return new ParameterSet(tensors);
  }

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
