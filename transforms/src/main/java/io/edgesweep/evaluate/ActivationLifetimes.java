package io.edgesweep.evaluate;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.Layer;
import java.util.List;

/**
 * The peak activation memory of a layer graph: at each layer, the bytes of every tensor that is
 * still to be read, plus the layer's output.
 *
 * <p>A chain holds only a layer's input and output at once. A graph may hold more: the input of
 * a residual block stays alive until the add reads it, through every layer of the branch. ReLU,
 * ReLU6 and flatten work in place (they write into their input's buffer, as TFLite Micro and
 * PyTorch's in-place ops do) and allocate nothing; every other layer writes a new tensor. A
 * tensor is freed after its last reader; the class scores are kept to the end. Layers run in the
 * architecture's order (the order the spec lists them), which is the order a runtime without a
 * memory planner uses.
 */
final class ActivationLifetimes {
  private ActivationLifetimes() {}

  /** The largest number of activation bytes held at once over one forward pass. */
  static long peakBytes(Architecture graph, Precision activations, int batch) {
    List<Layer> layers = graph.layers();
    int n = layers.size();
    // tensor[i]: the layer whose buffer layer i's output lives in (-1: the input image).
    int[] tensor = new int[n];
    long[] values = new long[n];
    int[] lastRead = new int[n + 1]; // index t + 1, so the image (-1) fits at 0
    lastRead[0] = -1;
    for (int i = 0; i < n; i++) {
      Layer layer = layers.get(i);
      int[] reads = graph.inputsOf(i);
      tensor[i] = inPlace(layer) ? owner(tensor, reads[0]) : i;
      values[i] = outputValues(layer);
      for (int r : reads) {
        lastRead[owner(tensor, r) + 1] = i;
      }
    }
    lastRead[tensor[n - 1] + 1] = n; // the class scores are the result
    long imageBytes = bytes(graph.inputFeatures(), activations, batch);
    long peak = 0;
    for (int i = 0; i < n; i++) {
      if (inPlace(layers.get(i))) {
        continue;
      }
      long live = bytes(values[i], activations, batch);
      if (lastRead[0] >= i) {
        live += imageBytes;
      }
      for (int t = 0; t < i; t++) {
        if (tensor[t] == t && lastRead[t + 1] >= i) {
          live += bytes(values[t], activations, batch);
        }
      }
      peak = Math.max(peak, live);
    }
    return peak;
  }

  private static int owner(int[] tensor, int layer) {
    return layer < 0 ? -1 : tensor[layer];
  }

  private static boolean inPlace(Layer layer) {
    return layer instanceof Layer.Activation || layer instanceof Layer.Flatten;
  }

  private static long bytes(long values, Precision precision, int batch) {
    return StorageSize.bytes(values * precision.bits()) * batch;
  }

  /** Values one example's output of {@code layer} holds. */
  static long outputValues(Layer layer) {
    if (layer instanceof Layer.Dense d) {
      return d.outputs();
    } else if (layer instanceof Layer.Conv c) {
      return c.outputValues();
    } else if (layer instanceof Layer.MaxPool m) {
      return (long) m.channels() * m.outHeight() * m.outWidth();
    } else if (layer instanceof Layer.AvgPool a) {
      return (long) a.channels() * a.outHeight() * a.outWidth();
    } else if (layer instanceof Layer.GlobalAvgPool g) {
      return g.channels();
    } else if (layer instanceof Layer.Flatten f) {
      return f.features();
    } else if (layer instanceof Layer.Activation a) {
      return a.values();
    }
    return ((Layer.Add) layer).values();
  }

  /** Values one example's input of {@code layer} holds (both inputs, for an add). */
  static long inputValues(Layer layer) {
    if (layer instanceof Layer.MaxPool m) {
      return (long) m.channels() * m.inHeight() * m.inWidth();
    } else if (layer instanceof Layer.AvgPool a) {
      return (long) a.channels() * a.inHeight() * a.inWidth();
    } else if (layer instanceof Layer.GlobalAvgPool g) {
      return (long) g.channels() * g.inHeight() * g.inWidth();
    } else if (layer instanceof Layer.Add add) {
      return 2 * add.values();
    }
    throw new IllegalArgumentException("not a pooling layer or an add: " + layer);
  }
}
