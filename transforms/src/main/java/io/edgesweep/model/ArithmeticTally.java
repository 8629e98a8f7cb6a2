package io.edgesweep.model;

/**
 * The floating-point operations a thread has had libtorch compute for its models, so that every
 * stage of a sweep can say how many it did and at what rate per CPU-second: the figure users
 * compare with their own PyTorch script's GFLOP/s on the same grid (issue 15, item 1).
 *
 * <p>Counted as bench/pytorch_reference.py and the usual rule of thumb count them: a forward pass
 * is two operations per multiply-add of the model's weight layers ({@link WeightLayer#macs}) per
 * example, and a training step is three forward passes (the forward pass, the input gradients and
 * the weight gradients). Activations, losses, the optimizer's update and the quantizers'
 * elementwise work are left out, so a rate from this count is the conventional one, not every
 * instruction the CPU ran. A TorchScript model's layers are not known, so it counts nothing.
 *
 * <p>The tally is per thread and only grows, like a thread's CPU clock: a stage reads it when a
 * task starts and ends ({@code StageClock}), and the products libtorch spreads over its worker
 * threads are counted on the thread that asked for them, so they belong to that task's stage.
 */
public final class ArithmeticTally {
  private static final ThreadLocal<long[]> DONE = ThreadLocal.withInitial(() -> new long[1]);

  private ArithmeticTally() {}

  /** Operations of one example's forward pass: 2 per multiply-add of every weight layer. */
  public static long forwardFlop(Architecture architecture) {
    long macs = 0;
    for (WeightLayer layer : architecture.weightLayers()) {
      macs += layer.macs();
    }
    return 2 * macs;
  }

  /** Operations of one example's training step: three forward passes. */
  public static long trainingFlop(Architecture architecture) {
    return 3 * forwardFlop(architecture);
  }

  /** Counts {@code flop} operations done for the current thread. */
  public static void add(long flop) {
    DONE.get()[0] += flop;
  }

  /** The operations counted on the current thread since it started. */
  public static long ofThisThread() {
    return DONE.get()[0];
  }
}
