package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Layer;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Structured pruning: removes whole hidden neurons (dense) and channels (convolution) with the
 * smallest L2 norm, and with them the inputs of the next layer that read them.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A unit's importance is the L2 norm of its incoming weights: its row of a dense weight, its
 *       filter [in, k, k] of a convolution (NNI's L2NormPruner, {@code torch.nn.utils.prune.ln_structured}
 *       with n = 2 on dim 0). The bias does not enter the norm.
 *   <li>Every hidden weight layer keeps the same fraction f of its units, max(1, round(f·units))
 *       (round half to even), so no layer is cut off; the most important units are kept, ties to
 *       the lower index, in their original order.
 *   <li>The output layer's units (the classes) are never removed; it loses only the inputs that
 *       read removed units.
 *   <li>The ratio counts weights, as for the magnitude methods: removing a unit removes its row or
 *       filter and the matching columns (or input-channel slices, or the H·W flattened columns of a
 *       channel) of the next layer. Units come in whole rows, so the ratio cannot be met exactly:
 *       f is chosen by bisection so that the share of weights removed is as close to the ratio as
 *       one common f allows (on a tie, the f that removes less).
 *   <li>Biases of removed units go with them; biases of kept units are kept as they are.
 *   <li>In a layer graph ({@link ChannelSources}), channels that meet at a residual add are left
 *       whole, and a depthwise convolution's channels follow the layer that writes them.
 * </ul>
 *
 * <p>A removed unit can be expressed two ways, and {@link Selection} gives both: as a mask on the
 * original architecture (its row and the next layer's matching inputs zeroed, so the unit adds
 * nothing to any output), and as a narrower architecture without it. The two compute the same
 * function; the narrower one is what the stage returns.
 */
public final class StructuredPruning {
  private StructuredPruning() {}

  /**
   * The units kept in each hidden weight layer.
   *
   * @param kept per hidden weight layer name, per output unit, true when kept
   * @param keepFraction the common f that produced it
   */
  public record Selection(Architecture original, Map<String, boolean[]> kept, double keepFraction) {

    /** The architecture with every hidden layer narrowed to its kept units. */
    public Architecture architecture() {
      Map<String, Integer> outputs = new LinkedHashMap<>();
      kept.forEach((name, flags) -> outputs.put(name, count(flags)));
      return original.withOutputs(outputs);
    }

    /** The parameters of the narrower architecture: kept rows, kept inputs, kept biases. */
    public ParameterSet narrow(ParameterSet parameters) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      List<WeightLayer> layers = original.weightLayers();
      for (int l = 0; l < layers.size(); l++) {
        WeightLayer layer = layers.get(l);
        boolean[] rows = keptOutputs(layer);
        boolean[] inputs = keptInputs(l);
        Tensor w = parameters.get(layer.weightName());
        int[] shape = w.shape();
        int rowSize = w.sliceSize();
        int inputSize = rowSize / shape[1];
        int keptRows = count(rows);
        int keptInputs = count(inputs);
        int[] newShape = shape.clone();
        newShape[0] = keptRows;
        newShape[1] = keptInputs;
        float[] values = new float[keptRows * keptInputs * inputSize];
        int at = 0;
        for (int r = 0; r < shape[0]; r++) {
          if (!rows[r]) {
            continue;
          }
          for (int i = 0; i < shape[1]; i++) {
            if (inputs[i]) {
              System.arraycopy(w.values(), r * rowSize + i * inputSize, values, at, inputSize);
              at += inputSize;
            }
          }
        }
        out.put(layer.weightName(), new Tensor(newShape, values));
        Tensor b = parameters.get(layer.biasName());
        float[] bias = new float[keptRows];
        at = 0;
        for (int r = 0; r < shape[0]; r++) {
          if (rows[r]) {
            bias[at++] = b.values()[r];
          }
        }
        out.put(layer.biasName(), new Tensor(new int[] {keptRows}, bias));
      }
      return new ParameterSet(out);
    }

    /** The same removal as a mask on the original architecture's weights. */
    public PruningMask mask() {
      Map<String, boolean[]> removed = new LinkedHashMap<>();
      Map<String, int[]> shapes = new LinkedHashMap<>();
      List<WeightLayer> layers = original.weightLayers();
      for (int l = 0; l < layers.size(); l++) {
        WeightLayer layer = layers.get(l);
        int[] shape = layer.weightShape();
        boolean[] rows = keptOutputs(layer);
        boolean[] inputs = keptInputs(l);
        int rowSize = 1;
        for (int d = 1; d < shape.length; d++) {
          rowSize *= shape[d];
        }
        int inputSize = rowSize / shape[1];
        boolean[] flags = new boolean[shape[0] * rowSize];
        for (int r = 0; r < shape[0]; r++) {
          for (int i = 0; i < shape[1]; i++) {
            if (!rows[r] || !inputs[i]) {
              Arrays.fill(flags, r * rowSize + i * inputSize, r * rowSize + (i + 1) * inputSize, true);
            }
          }
        }
        removed.put(layer.weightName(), flags);
        shapes.put(layer.weightName(), shape);
      }
      return new PruningMask(removed, shapes);
    }

    private boolean[] keptOutputs(WeightLayer layer) {
      WeightLayer source = new ChannelSources(original).outputSource(layer);
      boolean[] flags = source == null ? null : kept.get(source.name());
      if (flags != null) {
        return flags;
      }
      boolean[] all = new boolean[layer.outputs()];
      Arrays.fill(all, true);
      return all;
    }

    /**
     * Per input (dense column, or conv input channel) of weight layer l: whether it is kept. A
     * depthwise convolution's one input per filter is always kept: its filter goes with its channel.
     */
    private boolean[] keptInputs(int l) {
      List<WeightLayer> layers = original.weightLayers();
      int[] shape = layers.get(l).weightShape();
      boolean[] result = new boolean[shape[1]];
      WeightLayer source = new ChannelSources(original).inputSource(layers.get(l));
      if (source == null || (layers.get(l) instanceof Layer.Conv c && c.depthwise())) {
        Arrays.fill(result, true);
        return result;
      }
      boolean[] previous = keptOutputs(source);
      int perUnit = shape[1] / previous.length;
      for (int i = 0; i < shape[1]; i++) {
        result[i] = previous[i / perUnit];
      }
      return result;
    }
  }

  /** Chooses the units to remove so that about {@code ratio} of the weights go. */
  public static Selection select(Architecture architecture, ParameterSet parameters, double ratio) {
    if (architecture.isTorchScript()) {
      throw new InvalidInputException(architecture.spec(), "method",
          "structured pruning narrows layers, and a TorchScript module's layer sizes are fixed in its compiled code; "
              + "use magnitude-global or magnitude-per-layer");
    }
    if (!architecture.isGraph()) {
      checkFlattenOrder(architecture);
    }
    Map<String, Integer[]> ranking = new LinkedHashMap<>();
    for (WeightLayer layer : new ChannelSources(architecture).prunable()) {
      ranking.put(layer.name(), byNormDescending(parameters.get(layer.weightName())));
    }
    long total = weightCount(architecture);
    double target = ratio * total;
    double lo = 0;
    double hi = 1;
    if (removedWeights(architecture, ranking, 0, total) >= target) {
      for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (removedWeights(architecture, ranking, mid, total) >= target) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
    } else {
      hi = 0;
    }
    long removedLo = removedWeights(architecture, ranking, lo, total);
    long removedHi = removedWeights(architecture, ranking, hi, total);
    double f = Math.abs(removedLo - target) < Math.abs(removedHi - target) ? lo : hi;
    return selection(architecture, ranking, f);
  }

  private static Selection selection(Architecture architecture, Map<String, Integer[]> ranking, double f) {
    Map<String, boolean[]> kept = new LinkedHashMap<>();
    ranking.forEach((name, order) -> {
      boolean[] flags = new boolean[order.length];
      int keep = keepCount(order.length, f);
      for (int i = 0; i < keep; i++) {
        flags[order[i]] = true;
      }
      kept.put(name, flags);
    });
    return new Selection(architecture, kept, f);
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      if (f) {
        n++;
      }
    }
    return n;
  }

  /** max(1, round(f·units)), half to even. */
  static int keepCount(int units, double f) {
    return Math.max(1, Math.min(units, (int) Math.rint(f * units)));
  }

  private static long removedWeights(Architecture architecture, Map<String, Integer[]> ranking, double f, long total) {
    Map<String, Integer> outputs = new LinkedHashMap<>();
    ranking.forEach((name, order) -> outputs.put(name, keepCount(order.length, f)));
    return total - weightCount(architecture.withOutputs(outputs));
  }

  private static long weightCount(Architecture architecture) {
    long n = 0;
    for (WeightLayer layer : architecture.weightLayers()) {
      long size = 1;
      for (int d : layer.weightShape()) {
        size *= d;
      }
      n += size;
    }
    return n;
  }

  /** Unit indices by the L2 norm of their incoming weights, largest first, ties to the lower index. */
  static Integer[] byNormDescending(Tensor weight) {
    int units = weight.dim(0);
    int rowSize = weight.sliceSize();
    double[] norms = new double[units];
    float[] v = weight.values();
    for (int u = 0; u < units; u++) {
      double sum = 0;
      for (int i = u * rowSize; i < (u + 1) * rowSize; i++) {
        sum += (double) v[i] * v[i];
      }
      norms[u] = Math.sqrt(sum);
    }
    List<Integer> order = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      order.add(u);
    }
    Collections.sort(order, Comparator.<Integer>comparingDouble(u -> -norms[u]).thenComparingInt(u -> u));
    return order.toArray(new Integer[0]);
  }

  /**
   * Checks that a dense layer after convolutions reads the flattened channels as [C, H, W], which
   * is what mapping a removed channel to H·W columns assumes (DJL's batchFlatten and PyTorch's
   * flatten both do).
   */
  private static void checkFlattenOrder(Architecture architecture) {
    int channels = -1;
    for (Layer layer : architecture.layers()) {
      if (layer instanceof Layer.Conv c) {
        channels = c.outChannels();
      } else if (layer instanceof Layer.Flatten f && channels > 0 && f.features() % channels != 0) {
        throw new IllegalStateException("flatten of " + f.features() + " values does not split into " + channels + " channels");
      }
    }
  }
}
