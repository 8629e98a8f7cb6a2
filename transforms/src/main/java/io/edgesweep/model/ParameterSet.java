package io.edgesweep.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's named parameters in a fixed order, as PyTorch's {@code state_dict} names them.
 *
 * <p>Names are {@code <layer>.weight} and {@code <layer>.bias} for DJL-built architectures and
 * whatever TorchScript's {@code named_parameters} says for loaded models; the order is the order
 * of the forward pass, which is also the order in which they are saved and hashed.
 */
public final class ParameterSet {
  private final LinkedHashMap<String, Tensor> tensors;

  public ParameterSet(Map<String, Tensor> tensors) {
    this.tensors = new LinkedHashMap<>(tensors);
  }

  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter named " + name + "; have " + tensors.keySet());
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  public long count() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.size();
    }
    return n;
  }

  public long nonZeros() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.nonZeros();
    }
    return n;
  }

  /** A deep copy whose tensors can be changed without touching this one. */
  public ParameterSet copy() {
    LinkedHashMap<String, Tensor> copied = new LinkedHashMap<>();
    tensors.forEach((k, v) -> copied.put(k, v.copy()));
    return new ParameterSet(copied);
  }

  /** A copy with one tensor replaced or added at the end. */
  public ParameterSet with(String name, Tensor tensor) {
    LinkedHashMap<String, Tensor> copied = new LinkedHashMap<>(tensors);
    copied.put(name, tensor);
    return new ParameterSet(copied);
  }

  /**
   * Whether {@code other} holds the same names in the same order, the same shapes and the same bits
   * (what a file of each would hash to alike: unlike {@link #equals}, NaNs of different payloads
   * and the two zeros differ).
   */
  public boolean sameBits(ParameterSet other) {
    if (tensors.size() != other.tensors.size()) {
      return false;
    }
    Iterator<Map.Entry<String, Tensor>> theirs = other.tensors.entrySet().iterator();
    for (Map.Entry<String, Tensor> mine : tensors.entrySet()) {
      Map.Entry<String, Tensor> their = theirs.next();
      if (!mine.getKey().equals(their.getKey()) || !Arrays.equals(mine.getValue().shape(), their.getValue().shape())
          || !Tensor.sameBits(mine.getValue().values(), their.getValue().values())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSet p && tensors.equals(p.tensors)
        && new java.util.ArrayList<>(tensors.keySet()).equals(new java.util.ArrayList<>(p.tensors.keySet()));
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }
}
