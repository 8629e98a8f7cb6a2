package io.edgesweep.export;

import io.edgesweep.model.Layer;
import java.util.List;

/**
 * The layer kinds the exporter writes: one {@link LayerWriter} each.
 *
 * <p>Today's layer chain has dense, conv2d (with ReLU), max pooling and flatten. A new kind is one
 * writer class and one entry here. Writers may count the layers they write (pool names), so a set
 * is made per export.
 */
final class LayerWriters {
  private final List<LayerWriter<?>> writers = List.of(new FlattenWriter(), new DenseWriter(), new ConvWriter(), new MaxPoolWriter(),
      new GraphLayerWriters.Activation(), new GraphLayerWriters.AvgPool(), new GraphLayerWriters.GlobalAvgPool(), new GraphLayerWriters.Add());

  /** Writes {@code layer} with the writer of its kind. */
  String write(Layer layer, String input, LayerWriter.Context context) {
    for (LayerWriter<?> w : writers) {
      if (w.kind().isInstance(layer)) {
        return writeAs(w, layer, input, context);
      }
    }
    throw new UnsupportedOperationException("no ONNX writer for layer " + layer);
  }

  private static <L extends Layer> String writeAs(LayerWriter<L> writer, Layer layer, String input, LayerWriter.Context context) {
    return writer.write(writer.kind().cast(layer), input, context);
  }
}
