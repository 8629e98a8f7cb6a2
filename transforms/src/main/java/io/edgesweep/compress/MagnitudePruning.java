package io.edgesweep.compress;

import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unstructured magnitude (L1) pruning: the weights with the smallest |w| are removed.
 *
 * <p>Rules, chosen to match {@code torch.nn.utils.prune.l1_unstructured} and
 * {@code global_unstructured} so that a user can reproduce a mask in PyTorch:
 *
 * <ul>
 *   <li>Out of n candidate weights, exactly k = round(ratio·n) are removed, rounding half to even
 *       as Python's {@code round} does. Weights that are already zero count as the smallest.
 *   <li>Global: one ranking over all weight tensors together, so layers with many small weights
 *       (usually the wide first layer) lose more than the ratio and small layers less.
 *   <li>Per layer: each weight tensor loses round(ratio·n_l) of its own weights.
 *   <li>Ties at the threshold are broken by position (tensor order, then row-major index), so the
 *       mask is a function of the weights alone and exactly k values go.
 *   <li>Only the tensors named by {@link WeightTensors} are candidates: every weight layer's weight,
 *       including the output layer's; biases are never pruned (they are few, and a zero bias is no
 *       cheaper than another in any storage format).
 * </ul>
 */
public final class MagnitudePruning {
  private MagnitudePruning() {}

  /** The mask that removes round(ratio·n) weights with the smallest |w| across all named tensors. */
  public static PruningMask global(ParameterSet parameters, List<String> names, double ratio) {
    return global(parameters, names, ratio, null);
  }

  /**
   * As {@link #global(ParameterSet, List, double)}, with the weights {@code previous} removed
   * ranked first, so that a gradual schedule's masks only ever grow.
   */
  public static PruningMask global(ParameterSet parameters, List<String> names, double ratio, PruningMask previous) {
    long total = WeightTensors.count(parameters, names);
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("global pruning over " + total + " weights is more than one Java array holds");
    }
    float[] magnitudes = new float[(int) total];
    int offset = 0;
    for (String name : names) {
      float[] values = parameters.get(name).values();
      for (int i = 0; i < values.length; i++) {
        magnitudes[offset + i] = magnitude(values, i, name, previous);
      }
      offset += values.length;
    }
    boolean[] all = smallest(magnitudes, removedCount(total, ratio));
    Map<String, boolean[]> removed = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    offset = 0;
    for (String name : names) {
      Tensor t = parameters.get(name);
      removed.put(name, Arrays.copyOfRange(all, offset, offset + t.size()));
      shapes.put(name, t.shape());
      offset += t.size();
    }
    return new PruningMask(removed, shapes);
  }

  /** The mask that removes round(ratio·n_l) weights with the smallest |w| from each named tensor. */
  public static PruningMask perLayer(ParameterSet parameters, List<String> names, double ratio) {
    return perLayer(parameters, names, ratio, null);
  }

  /** As {@link #perLayer(ParameterSet, List, double)}, with the weights {@code previous} removed ranked first. */
  public static PruningMask perLayer(ParameterSet parameters, List<String> names, double ratio, PruningMask previous) {
    Map<String, boolean[]> removed = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String name : names) {
      Tensor t = parameters.get(name);
      float[] magnitudes = new float[t.size()];
      float[] values = t.values();
      for (int i = 0; i < values.length; i++) {
        magnitudes[i] = magnitude(values, i, name, previous);
      }
      removed.put(name, smallest(magnitudes, removedCount(t.size(), ratio)));
      shapes.put(name, t.shape());
    }
    return new PruningMask(removed, shapes);
  }

  /** |w|, or -1 (below every magnitude) where an earlier mask already removed the weight. */
  private static float magnitude(float[] values, int i, String name, PruningMask previous) {
    if (previous != null && previous.names().contains(name) && previous.isRemoved(name, i)) {
      return -1f;
    }
    return Math.abs(values[i]);
  }

  /** k = round(ratio·n), ties to even, as {@code torch.nn.utils.prune} computes it. */
  public static int removedCount(long n, double ratio) {
    return (int) Math.rint(ratio * n);
  }

  /** Flags exactly the k smallest values, the earliest of equal values first. */
  static boolean[] smallest(float[] magnitudes, int k) {
    boolean[] removed = new boolean[magnitudes.length];
    if (k <= 0) {
      return removed;
    }
    if (k >= magnitudes.length) {
      Arrays.fill(removed, true);
      return removed;
    }
    float[] sorted = magnitudes.clone();
    Arrays.sort(sorted);
    float threshold = sorted[k - 1];
    int below = 0;
    for (float m : magnitudes) {
      if (m < threshold) {
        below++;
      }
    }
    int tiesToRemove = k - below;
    for (int i = 0; i < magnitudes.length; i++) {
      if (magnitudes[i] < threshold) {
        removed[i] = true;
      } else if (magnitudes[i] == threshold && tiesToRemove > 0) {
        removed[i] = true;
        tiesToRemove--;
      }
    }
    return removed;
  }
}
