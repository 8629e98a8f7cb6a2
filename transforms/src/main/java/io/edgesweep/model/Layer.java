package io.edgesweep.model;

import java.io.Serializable;

/**
 * One step of a classifier's forward pass, with the sizes it sees.
 *
 * <p>Sizes are resolved when the architecture is parsed, so the pruner, the quantizer, the cost
 * model and the exporters read them here instead of running the model. The kinds are a closed
 * set (a sealed interface), so code that walks a model can switch over them exhaustively; which
 * layer feeds which is {@link Architecture#inputsOf(int)}.
 */
public sealed interface Layer extends Serializable
    permits Layer.Dense, Layer.Conv, Layer.MaxPool, Layer.Flatten, Layer.Activation, Layer.AvgPool, Layer.GlobalAvgPool,
        Layer.Add {

  /** A fully connected layer: y = W x + b, W of shape [outputs, inputs]; ReLU after it when {@code relu}. */
  record Dense(String name, int inputs, int outputs, boolean relu) implements Layer, WeightLayer {
    @Override
    public int[] weightShape() {
      return new int[] {outputs, inputs};
    }

    @Override
    public long macs() {
      return (long) inputs * outputs;
    }

    @Override
    public long inputValues() {
      return inputs;
    }

    @Override
    public long outputValues() {
      return outputs;
    }

    @Override
    public int fanIn() {
      return inputs;
    }
  }

  /**
   * A square convolution with zero padding on each side and a stride; weight [out, in / groups, k, k].
   *
   * <p>{@code groups == inChannels == outChannels} is a depthwise convolution. The {@code cnn:}
   * grammar makes stride 1, one group and a ReLU after it; the graph grammar sets all three.
   */
  record Conv(
      String name, int inChannels, int outChannels, int kernel, int padding, int inHeight, int inWidth, int stride, int groups,
      boolean relu) implements Layer, WeightLayer {

    public Conv {
      if (stride < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
        throw new IllegalArgumentException(name + ": stride " + stride + " and groups " + groups + " do not fit " + inChannels + " -> " + outChannels);
      }
    }

    /** A convolution of the {@code cnn:} grammar: stride 1, one group, ReLU after it. */
    public Conv(String name, int inChannels, int outChannels, int kernel, int padding, int inHeight, int inWidth) {
      this(name, inChannels, outChannels, kernel, padding, inHeight, inWidth, 1, 1, true);
    }

    public int outHeight() {
      return (inHeight + 2 * padding - kernel) / stride + 1;
    }

    public int outWidth() {
      return (inWidth + 2 * padding - kernel) / stride + 1;
    }

    /** Whether each output channel reads only its own input channel. */
    public boolean depthwise() {
      return groups > 1 && groups == inChannels && groups == outChannels;
    }

    @Override
    public int outputs() {
      return outChannels;
    }

    @Override
    public int[] weightShape() {
      return new int[] {outChannels, inChannels / groups, kernel, kernel};
    }

    @Override
    public long macs() {
      return (long) outChannels * (inChannels / groups) * kernel * kernel * outHeight() * outWidth();
    }

    @Override
    public long inputValues() {
      return (long) inChannels * inHeight * inWidth;
    }

    @Override
    public long outputValues() {
      return (long) outChannels * outHeight() * outWidth();
    }

    @Override
    public int fanIn() {
      return inChannels / groups * kernel * kernel;
    }
  }

  /** Max pooling with a square window, a stride and zero padding (padded values never win). */
  record MaxPool(int size, int channels, int inHeight, int inWidth, int stride, int padding) implements Layer {
    /** Max pooling of the {@code cnn:} grammar: stride equal to the window, no padding. */
    public MaxPool(int size, int channels, int inHeight, int inWidth) {
      this(size, channels, inHeight, inWidth, size, 0);
    }

    public int outHeight() {
      return (inHeight + 2 * padding - size) / stride + 1;
    }

    public int outWidth() {
      return (inWidth + 2 * padding - size) / stride + 1;
    }
  }

  /** Average pooling with a square window; {@code countIncludePad}: padded zeros count in the mean (PyTorch's default). */
  record AvgPool(int size, int channels, int inHeight, int inWidth, int stride, int padding, boolean countIncludePad) implements Layer {
    public int outHeight() {
      return (inHeight + 2 * padding - size) / stride + 1;
    }

    public int outWidth() {
      return (inWidth + 2 * padding - size) / stride + 1;
    }
  }

  /** The mean of each channel's whole plane: [C, H, W] to [C, 1, 1]. */
  record GlobalAvgPool(int channels, int inHeight, int inWidth) implements Layer {}

  /** Flattens [B, C, H, W] to [B, C*H*W] before the first dense layer. */
  record Flatten(int features) implements Layer {}

  /**
   * An element-wise activation on its own, as graph models have it: ReLU, or ReLU6 (min(max(x, 0), 6)).
   *
   * @param values activation values per example
   */
  record Activation(Kind kind, long values) implements Layer {
    /** The activation functions a graph may hold. */
    public enum Kind {
      RELU,
      RELU6
    }
  }

  /**
   * The element-wise sum of two activations of one shape: a residual connection.
   *
   * @param name the add's name, which also names the quantizers of its two inputs
   */
  record Add(String name, int channels, int height, int width) implements Layer {
    public long values() {
      return (long) channels * height * width;
    }

    /** The name under which input {@code i} (0 or 1) of this add is hooked and quantized. */
    public String inputName(int i) {
      return name + ".in" + i;
    }
  }
}
