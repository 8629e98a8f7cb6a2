package io.edgesweep.model.onnx;

import io.edgesweep.model.Tensor;

/**
 * One operation of an imported graph, with its weights and attributes in typed form.
 *
 * <p>Batch normalization never appears here: the reader folds it into the convolution or dense
 * layer before it, so every later step sees the weights the model computes with.
 */
public sealed interface OnnxOp
    permits OnnxOp.Dense, OnnxOp.Conv, OnnxOp.Relu, OnnxOp.Relu6, OnnxOp.MaxPool, OnnxOp.AveragePool,
        OnnxOp.GlobalAveragePool, OnnxOp.Flatten, OnnxOp.Add {

  /** y = W x + b with W [outputs, inputs] (Gemm, or MatMul followed by Add). */
  record Dense(Tensor weight, Tensor bias) implements OnnxOp {
    public int outputs() {
      return weight.dim(0);
    }

    public int inputs() {
      return weight.dim(1);
    }
  }

  /**
   * A 2-D convolution, weight [out, in / groups, kH, kW]; pads are (top, left, bottom, right).
   * {@code groups == in == out} is a depthwise convolution.
   */
  record Conv(Tensor weight, Tensor bias, int groups, int[] strides, int[] pads, int[] dilations) implements OnnxOp {
    public int outChannels() {
      return weight.dim(0);
    }

    public int kernelHeight() {
      return weight.dim(2);
    }

    public int kernelWidth() {
      return weight.dim(3);
    }
  }

  /** max(x, 0). */
  record Relu() implements OnnxOp {}

  /** min(max(x, 0), 6): Clip with bounds 0 and 6, as MobileNet's ReLU6 exports. */
  record Relu6() implements OnnxOp {}

  /** Max pooling; pads are (top, left, bottom, right). */
  record MaxPool(int[] kernel, int[] strides, int[] pads, boolean ceilMode) implements OnnxOp {}

  /** Average pooling; {@code countIncludePad} says whether padded zeros count in the mean. */
  record AveragePool(int[] kernel, int[] strides, int[] pads, boolean ceilMode, boolean countIncludePad) implements OnnxOp {}

  /** The mean over each channel's whole plane: [C, H, W] to [C, 1, 1]. */
  record GlobalAveragePool() implements OnnxOp {}

  /** [C, H, W] to [C*H*W] in row-major order (Flatten with axis 1, or a Reshape to [batch, -1]). */
  record Flatten() implements OnnxOp {}

  /** The element-wise sum of two activations of one shape: a residual connection. */
  record Add() implements OnnxOp {}
}
