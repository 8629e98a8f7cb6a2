package io.edgesweep.model;

/**
 * A layer with a weight and a bias: what pruning, quantization and the cost model act on.
 *
 * <p>Output channels (rows of a dense weight, filters of a convolution) are the first axis of the
 * weight, which is the axis of per-channel quantization scales and of structured pruning.
 */
public interface WeightLayer {
  String name();

  int outputs();

  boolean relu();

  int[] weightShape();

  /** Weights feeding one output: the fan-in that PyTorch's default initialization uses. */
  int fanIn();

  /** Multiply-accumulates of one forward pass of one example, with dense weights. */
  long macs();

  /** Activation values read per example. */
  long inputValues();

  /** Activation values written per example. */
  long outputValues();

  default String weightName() {
    return name() + ".weight";
  }

  default String biasName() {
    return name() + ".bias";
  }
}
