package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The DJL block of a graph architecture: DJL's {@link Conv2d} and {@link Linear} blocks for the
 * weight layers, NDArray operators for the rest, wired as {@link Architecture#inputsOf(int)} says.
 *
 * <p>Weight layers are child blocks added in layer order, so the block's parameters come out in
 * forward order, weight before bias, as {@link Classifier} binds them. The hook sees the input of
 * every weight layer and both inputs of every residual add: the places a quantized runtime holds
 * an integer tensor.
 */
final class GraphBlock extends AbstractBlock {
  private final Architecture architecture;
  private final LayerInputHook hook;
  private final Block[] blocks;

  GraphBlock(Architecture architecture, LayerInputHook hook) {
    this.architecture = architecture;
    this.hook = hook;
    List<Layer> layers = architecture.layers();
    blocks = new Block[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Layer.Conv c) {
        blocks[i] = addChildBlock(c.name(), Conv2d.builder()
            .setKernelShape(new Shape(c.kernel(), c.kernel()))
            .setFilters(c.outChannels())
            .optStride(new Shape(c.stride(), c.stride()))
            .optPadding(new Shape(c.padding(), c.padding()))
            .optGroups(c.groups())
            .build());
      } else if (layer instanceof Layer.Dense d) {
        blocks[i] = addChildBlock(d.name(), Linear.builder().setUnits(d.outputs()).build());
      }
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    List<Layer> layers = architecture.layers();
    NDArray image = inputs.singletonOrThrow();
    NDArray[] outputs = new NDArray[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      int[] reads = architecture.inputsOf(i);
      NDArray x = reads[0] < 0 ? image : outputs[reads[0]];
      Layer layer = layers.get(i);
      if (layer instanceof WeightLayer w) {
        NDArray in = hook == null ? x : hook.apply(w.name(), x);
        outputs[i] = blocks[i].forward(store, new NDList(in), training).head();
      } else if (layer instanceof Layer.Activation a) {
        outputs[i] = a.kind() == Layer.Activation.Kind.RELU ? ai.djl.nn.Activation.relu(x) : x.clip(0f, 6f);
      } else if (layer instanceof Layer.MaxPool m) {
        outputs[i] = Pool.maxPool2d(x, square(m.size()), square(m.stride()), square(m.padding()), false);
      } else if (layer instanceof Layer.AvgPool a) {
        outputs[i] = Pool.avgPool2d(x, square(a.size()), square(a.stride()), square(a.padding()), false, a.countIncludePad());
      } else if (layer instanceof Layer.GlobalAvgPool) {
        Shape shape = x.getShape();
        outputs[i] = Pool.globalAvgPool2d(x).reshape(shape.get(0), shape.get(1), 1, 1);
      } else if (layer instanceof Layer.Flatten) {
        outputs[i] = x.reshape(x.getShape().get(0), -1);
      } else if (layer instanceof Layer.Add add) {
        NDArray y = reads[1] < 0 ? image : outputs[reads[1]];
        NDArray left = hook == null ? x : hook.apply(add.inputName(0), x);
        NDArray right = hook == null ? y : hook.apply(add.inputName(1), y);
        outputs[i] = left.add(right);
      }
    }
    return new NDList(outputs[layers.size() - 1]);
  }

  private static Shape square(int n) {
    return new Shape(n, n);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), architecture.classCount())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof Layer.Conv c) {
        blocks[i].initialize(manager, dataType, new Shape(1, c.inChannels(), c.inHeight(), c.inWidth()));
      } else if (layer instanceof Layer.Dense d) {
        blocks[i].initialize(manager, dataType, new Shape(1, d.inputs()));
      }
    }
  }
}
