package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A scalar operand whose memory libtorch owns, for arithmetic that autograd may differentiate.
 *
 * <p>Why not DJL's {@code x.div(2f)}: DJL makes the scalar a tensor over a Java direct buffer
 * (libtorch does not own that memory), and closes the tensor as soon as the operation returns. But
 * autograd keeps the scalar for the backward pass (the gradient of {@code x / s} is {@code g / s}),
 * and once the closed tensor's buffer is garbage-collected the backward pass reads freed memory: a
 * wrong gradient whenever a collection falls between the forward and the backward pass. That made
 * a distilled student or a fine-tune differ between two runs of one spec in one JVM, rarely
 * (timing) and often under a forced collection every few milliseconds. A tensor made by {@code
 * torch.full} is reference-counted by libtorch, so autograd keeps it alive itself.
 *
 * <p>The arithmetic is unchanged: the scalar is the same float32 value the DJL call would make (an
 * int, as a batch size, promotes to the same float32 the division then uses).
 */
public final class TorchScalars {
  private TorchScalars() {}

  /** {@code value} as a float32 scalar tensor in {@code like}'s manager. */
  public static NDArray of(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, DataType.FLOAT32);
  }

  /** {@code x / value}. */
  public static NDArray div(NDArray x, double value) {
    return x.div(of(x, value));
  }

  /** {@code x * value}. */
  public static NDArray mul(NDArray x, double value) {
    return x.mul(of(x, value));
  }

  /** {@code x + value}. */
  public static NDArray add(NDArray x, double value) {
    return x.add(of(x, value));
  }

  /** {@code x - value}. */
  public static NDArray sub(NDArray x, double value) {
    return x.sub(of(x, value));
  }
}
