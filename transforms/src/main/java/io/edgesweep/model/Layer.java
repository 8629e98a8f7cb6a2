package io.edgesweep.model;

import java.io.Serializable;

/**
 * One step of a classifier's forward pass, with the sizes it sees.
 *
 * <p>Sizes are resolved when the architecture is parsed, so the pruner, the quantizer and the cost
 * model read them here instead of running the model.
 */
public sealed interface Layer extends Serializable permits Layer.Dense, Layer.Conv, Layer.MaxPool, Layer.Flatten {

  /** A fully connected layer: y = W x + b, W of shape [outputs, inputs]; ReLU after it unless it is the last. */
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

  /** A square convolution, stride 1, zero padding on each side, ReLU after it; weight [out, in, k, k]. */
  record Conv(String name, int inChannels, int outChannels, int kernel, int padding, int inHeight, int inWidth)
      implements Layer, WeightLayer {
    public int outHeight() {
      return inHeight + 2 * padding - kernel + 1;
    }

    public int outWidth() {
      return inWidth + 2 * padding - kernel + 1;
    }

    @Override
    public boolean relu() {
      return true;
    }

    @Override
    public int outputs() {
      return outChannels;
    }

    @Override
    public int[] weightShape() {
      return new int[] {outChannels, inChannels, kernel, kernel};
    }

    @Override
    public long macs() {
      return (long) outChannels * inChannels * kernel * kernel * outHeight() * outWidth();
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
      return inChannels * kernel * kernel;
    }
  }

  /** Max pooling with a square window and a stride equal to its size. */
  record MaxPool(int size, int channels, int inHeight, int inWidth) implements Layer {
    public int outHeight() {
      return inHeight / size;
    }

    public int outWidth() {
      return inWidth / size;
    }
  }

  /** Flattens [B, C, H, W] to [B, C*H*W] before the first dense layer. */
  record Flatten(int features) implements Layer {}
}
