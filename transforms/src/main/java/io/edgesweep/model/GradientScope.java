package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records the autograd graph of one training step on the current thread, and runs its backward pass.
 *
 * <p>DJL's own {@code PtGradientCollector} allows one collector per JVM at a time (a static
 * flag), which fails as soon as two Flink task slots in one TaskManager train at once. PyTorch's
 * grad mode is per thread, so a per-thread scope is all a step needs: switch grad mode on, run
 * forward and backward, switch it back. Gradients need no zeroing here: DJL's PyTorch optimizer
 * update zeroes them after applying them.
 */
final class GradientScope implements AutoCloseable {
  private final boolean previous;

  GradientScope() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** Back-propagates a scalar loss into the gradients of every parameter it depends on. */
  void backward(NDArray loss) {
    try (NDArray seed = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
