package io.edgesweep.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.TorchRuntime;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a read {@link OnnxGraph} node by node with DJL's operators, for tests: so that what the
 * reader made of a graph the layer chain cannot hold (ResNet-8, a depthwise CNN) can still be
 * compared with ONNX Runtime, folded batch norms, groups, strides and pools included.
 */
final class TypedGraphForward {
  private TypedGraphForward() {}

  static float[] logits(OnnxGraph graph, ImageDataset data) {
    TorchRuntime.ensureConfigured();
    int pixels = data.shape().pixelCount();
    float[] images = new float[data.size() * pixels];
    for (int i = 0; i < data.size(); i++) {
      data.copyImage(i, images, i * pixels);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      int[] in = graph.inputShape();
      Shape inputShape = in.length == 1 ? new Shape(data.size(), in[0]) : new Shape(data.size(), in[0], in[1], in[2]);
      Map<String, NDArray> values = new HashMap<>();
      values.put(graph.input(), manager.create(images, inputShape));
      for (OnnxNode node : graph.nodes()) {
        NDArray x = values.get(node.inputs().get(0));
        NDArray y;
        if (node.op() instanceof OnnxOp.Dense d) {
          y = Linear.linear(x, array(manager, d.weight()), array(manager, d.bias())).head();
        } else if (node.op() instanceof OnnxOp.Conv c) {
          y = Conv2d.conv2d(x, array(manager, c.weight()), array(manager, c.bias()), new Shape(c.strides()[0], c.strides()[1]),
              symmetric(c.pads()), new Shape(c.dilations()[0], c.dilations()[1]), c.groups()).head();
        } else if (node.op() instanceof OnnxOp.Relu) {
          y = x.maximum(0f);
        } else if (node.op() instanceof OnnxOp.Relu6) {
          y = x.clip(0f, 6f);
        } else if (node.op() instanceof OnnxOp.MaxPool p) {
          y = Pool.maxPool2d(x, new Shape(p.kernel()[0], p.kernel()[1]), new Shape(p.strides()[0], p.strides()[1]), symmetric(p.pads()), p.ceilMode());
        } else if (node.op() instanceof OnnxOp.AveragePool p) {
          y = Pool.avgPool2d(x, new Shape(p.kernel()[0], p.kernel()[1]), new Shape(p.strides()[0], p.strides()[1]), symmetric(p.pads()),
              p.ceilMode(), p.countIncludePad());
        } else if (node.op() instanceof OnnxOp.GlobalAveragePool) {
          y = Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1), 1, 1);
        } else if (node.op() instanceof OnnxOp.Flatten) {
          y = x.reshape(x.getShape().get(0), -1);
        } else if (node.op() instanceof OnnxOp.Add) {
          y = x.add(values.get(node.inputs().get(1)));
        } else {
          throw new IllegalArgumentException("no forward for " + node);
        }
        values.put(node.output(), y);
      }
      return values.get(graph.output()).toFloatArray();
    }
  }

  private static NDArray array(NDManager manager, Tensor t) {
    return manager.create(t.values(), new Shape(java.util.Arrays.stream(t.shape()).asLongStream().toArray()));
  }

  private static Shape symmetric(int[] pads) {
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      throw new IllegalArgumentException("asymmetric pads " + java.util.Arrays.toString(pads));
    }
    return new Shape(pads[0], pads[1]);
  }
}
