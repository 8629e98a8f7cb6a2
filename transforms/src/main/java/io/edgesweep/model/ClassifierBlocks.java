package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * Builds the DJL block of an architecture, optionally with fake-quantized activations.
 *
 * <p>The block's parameters come out in forward order, weight before bias, which is how
 * {@link Classifier} binds them to the names of a {@link ParameterSet}.
 */
public final class ClassifierBlocks {
  private ClassifierBlocks() {}

  public static Block build(Architecture architecture, ActivationQuantization activations) {
    return build(architecture, activations == null ? null : quantizing(activations));
  }

  /**
   * Builds the block with {@code hook} applied to the input of every weight layer, and of every
   * residual add (null: none). A chain is a {@link SequentialBlock}, a graph a {@link GraphBlock}.
   */
  public static Block build(Architecture architecture, LayerInputHook hook) {
    if (architecture.isTorchScript()) {
      throw new IllegalArgumentException("a TorchScript model is loaded, not built: " + architecture);
    }
    if (architecture.isGraph()) {
      return new GraphBlock(architecture, hook);
    }
    SequentialBlock block = new SequentialBlock();
    for (Layer layer : architecture.layers()) {
      if (layer instanceof WeightLayer weightLayer && hook != null) {
        String name = weightLayer.name();
        block.add(ShapedLambdaBlock.sameShape(x -> hook.apply(name, x), "input_" + name));
      }
      if (layer instanceof Layer.Flatten) {
        block.add(ShapedLambdaBlock.batchFlatten());
      } else if (layer instanceof Layer.Dense dense) {
        block.add(Linear.builder().setUnits(dense.outputs()).build());
        if (dense.relu()) {
          block.add(ShapedLambdaBlock.relu());
        }
      } else if (layer instanceof Layer.Conv conv) {
        block.add(Conv2d.builder()
            .setKernelShape(new Shape(conv.kernel(), conv.kernel()))
            .setFilters(conv.outChannels())
            .optPadding(new Shape(conv.padding(), conv.padding()))
            .build());
        block.add(ShapedLambdaBlock.relu());
      } else if (layer instanceof Layer.MaxPool pool) {
        block.add(Pool.maxPool2dBlock(new Shape(pool.size(), pool.size()), new Shape(pool.size(), pool.size())));
      }
    }
    return block;
  }

  /** The hook that fake-quantizes each weight layer's input as {@code activations} says. */
  public static LayerInputHook quantizing(ActivationQuantization activations) {
    if (activations.isFp16()) {
      return (layer, x) -> x.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
    }
    for (String layer : activations.inputs().keySet()) {
      java.util.Objects.requireNonNull(activations.inputs().get(layer), layer);
    }
    return (layer, x) -> {
      ActivationQuantization.Range range = activations.inputs().get(layer);
      if (range == null) {
        throw new IllegalArgumentException("no calibrated activation range for the input of " + layer);
      }
      return fakeQuantize(x, range);
    };
  }

  /** Quantizes to the range's integer grid and back: what an integer kernel would see. */
  public static NDArray fakeQuantize(NDArray x, ActivationQuantization.Range range) {
    // Scalars through TorchScalars: in quantization-aware training autograd keeps them (see there).
    NDArray q = TorchScalars.add(TorchScalars.div(x, range.scale()).round(), range.zeroPoint()).clip(range.qmin(), range.qmax());
    return TorchScalars.mul(TorchScalars.sub(q, range.zeroPoint()), range.scale());
  }
}
