package io.edgesweep.compress;

import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values of which tensors a pruning removed: the part of a pruned model that must stay zero.
 *
 * <p>A tensor not named here is not masked at all (biases, for instance). The mask is what a
 * fine-tune re-applies after every optimizer step ({@link MaskEnforcer}) and what a test checks
 * the fine-tuned weights against; its counts are the sparsity a pruning stage reports.
 */
public final class PruningMask {
  private final Map<String, boolean[]> removed;
  private final Map<String, int[]> shapes;

  /**
   * @param removed per masked tensor, true where the value is pruned, in the tensor's row-major order
   * @param shapes the shape of each masked tensor
   */
  public PruningMask(Map<String, boolean[]> removed, Map<String, int[]> shapes) {
    if (!removed.keySet().equals(shapes.keySet())) {
      throw new IllegalArgumentException("mask names " + removed.keySet() + " differ from shape names " + shapes.keySet());
    }
    this.removed = new LinkedHashMap<>();
    this.shapes = new LinkedHashMap<>();
    removed.forEach((name, flags) -> {
      int[] shape = shapes.get(name).clone();
      if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != flags.length) {
        throw new IllegalArgumentException("mask of " + name + " has " + flags.length + " values, shape " + Arrays.toString(shape));
      }
      this.removed.put(name, flags.clone());
      this.shapes.put(name, shape);
    });
  }

  /** The mask that removes nothing from the named tensors. */
  public static PruningMask none(ParameterSet parameters, List<String> names) {
    Map<String, boolean[]> removed = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String name : names) {
      Tensor t = parameters.get(name);
      removed.put(name, new boolean[t.size()]);
      shapes.put(name, t.shape());
    }
    return new PruningMask(removed, shapes);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(removed.keySet());
  }

  public int[] shape(String name) {
    return shapes.get(name).clone();
  }

  /** True where the value at row-major {@code index} of {@code name} is pruned. */
  public boolean isRemoved(String name, int index) {
    return removed.get(name)[index];
  }

  /** A copy of the flags of one tensor. */
  public boolean[] removed(String name) {
    return removed.get(name).clone();
  }

  /** Values covered by the mask (pruned or not). */
  public long maskedCount() {
    long n = 0;
    for (boolean[] flags : removed.values()) {
      n += flags.length;
    }
    return n;
  }

  public long removedCount() {
    long n = 0;
    for (boolean[] flags : removed.values()) {
      for (boolean f : flags) {
        if (f) {
          n++;
        }
      }
    }
    return n;
  }

  public long removedCount(String name) {
    long n = 0;
    for (boolean f : removed.get(name)) {
      if (f) {
        n++;
      }
    }
    return n;
  }

  /** Removed values over covered values. */
  public double sparsity() {
    long count = maskedCount();
    return count == 0 ? 0 : (double) removedCount() / count;
  }

  /** A copy of {@code parameters} with every removed value set to zero. */
  public ParameterSet applyTo(ParameterSet parameters) {
    ParameterSet copy = parameters.copy();
    for (Map.Entry<String, boolean[]> entry : removed.entrySet()) {
      float[] values = copy.get(entry.getKey()).values();
      boolean[] flags = entry.getValue();
      checkSize(entry.getKey(), values.length, flags.length);
      for (int i = 0; i < flags.length; i++) {
        if (flags[i]) {
          values[i] = 0f;
        }
      }
    }
    return copy;
  }

  /** The number of removed positions where {@code parameters} holds something other than +0 or -0. */
  public long violations(ParameterSet parameters) {
    long n = 0;
    for (Map.Entry<String, boolean[]> entry : removed.entrySet()) {
      float[] values = parameters.get(entry.getKey()).values();
      boolean[] flags = entry.getValue();
      checkSize(entry.getKey(), values.length, flags.length);
      for (int i = 0; i < flags.length; i++) {
        if (flags[i] && values[i] != 0f) {
          n++;
        }
      }
    }
    return n;
  }

  /** 1 where kept, 0 where removed: the factor a fine-tune multiplies the weights by. */
  float[] keepFactors(String name) {
    boolean[] flags = removed.get(name);
    float[] factors = new float[flags.length];
    for (int i = 0; i < flags.length; i++) {
      factors[i] = flags[i] ? 0f : 1f;
    }
    return factors;
  }

  private static void checkSize(String name, int values, int flags) {
    if (values != flags) {
      throw new IllegalArgumentException(name + " has " + values + " values, its mask " + flags);
    }
  }
}
