package io.edgesweep.model;

import java.util.Arrays;

/**
 * A float32 tensor held in Java: row-major values and a shape, PyTorch's layout.
 *
 * <p>Compression works on these plain arrays rather than on native NDArrays: masks, sorts and
 * rounding are then exact Java arithmetic that a unit test can check by hand, and no native memory
 * is held between stages.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] values;

  public Tensor(int[] shape, float[] values) {
    long count = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " values, got " + values.length);
    }
    this.shape = shape.clone();
    this.values = values;
  }

  public static Tensor zeros(int... shape) {
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    return new Tensor(shape, new float[(int) count]);
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** The backing values; changes write through. */
  public float[] values() {
    return values;
  }

  public int size() {
    return values.length;
  }

  /** Values per slice along the first axis (per output channel of a weight). */
  public int sliceSize() {
    return shape.length == 0 || shape[0] == 0 ? values.length : values.length / shape[0];
  }

  public long nonZeros() {
    long count = 0;
    for (float v : values) {
      if (v != 0f) {
        count++;
      }
    }
    return count;
  }

  /**
   * Whether two arrays hold the same bits, as files of them would: unlike {@link
   * java.util.Arrays#equals(float[], float[])}, NaNs of different payloads differ.
   */
  public static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  public Tensor copy() {
    return new Tensor(shape, values.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
