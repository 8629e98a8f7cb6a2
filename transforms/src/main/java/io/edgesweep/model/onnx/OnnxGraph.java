package io.edgesweep.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ONNX model as read: its one image input, its operations in topological order with their
 * shapes resolved for the dataset's images, and its one output of class scores.
 *
 * @param source the file it was read from, for messages
 * @param sha256 the SHA-256 of the file's bytes, for the lineage of what is made from it
 * @param opset the default-domain opset the file declares
 * @param producer who wrote the file, as it says ({@code pytorch 1.13.1})
 * @param input the name of the graph's input
 * @param inputShape the input's shape for one example, without the batch axis
 */
public record OnnxGraph(
    String source, String sha256, long opset, String producer, String input, int[] inputShape, List<OnnxNode> nodes,
    String output) {
  public OnnxGraph {
    inputShape = inputShape.clone();
    nodes = List.copyOf(nodes);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** The node that writes {@code value}, or null for the graph input. */
  public OnnxNode producer(String value) {
    for (OnnxNode node : nodes) {
      if (node.output().equals(value)) {
        return node;
      }
    }
    return null;
  }

  /** The nodes that read {@code value}. */
  public List<OnnxNode> consumers(String value) {
    List<OnnxNode> result = new ArrayList<>();
    for (OnnxNode node : nodes) {
      if (node.inputs().contains(value)) {
        result.add(node);
      }
    }
    return result;
  }

  /** The number of class scores per example. */
  public int classCount() {
    return producer(output).shape()[0];
  }

  /** A one-line-per-node summary, for logs and for a user who wants to see what was read. */
  public String summary() {
    StringBuilder b = new StringBuilder(input + " " + Arrays.toString(inputShape) + "\n");
    for (OnnxNode node : nodes) {
      b.append("  ").append(node).append('\n');
    }
    return b.toString();
  }
}
