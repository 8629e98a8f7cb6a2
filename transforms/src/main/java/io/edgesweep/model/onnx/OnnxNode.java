package io.edgesweep.model.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * One step of an imported graph: an operation, the activations it reads and the one it writes.
 *
 * @param name the ONNX node's name (or its output's name where the node has none), for messages
 * @param opType the ONNX op type, with the folded ones after a plus ({@code Conv+BatchNormalization})
 * @param inputs the names of the activations read, in order (weights are inside {@link #op})
 * @param output the name of the activation written
 * @param shape the output's shape for one example, without the batch axis: [C, H, W] or [F]
 */
public record OnnxNode(String name, String opType, List<String> inputs, String output, OnnxOp op, int[] shape) {
  public OnnxNode {
    inputs = List.copyOf(inputs);
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The node as a message names it: {@code 'name' (OpType)}. */
  public String describe() {
    return "'" + name + "' (" + opType + ")";
  }

  @Override
  public String toString() {
    return describe() + " -> " + Arrays.toString(shape);
  }
}
