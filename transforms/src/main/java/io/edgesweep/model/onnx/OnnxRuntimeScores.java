package io.edgesweep.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.edgesweep.data.ImageDataset;
import java.util.Map;

/**
 * Class scores of an ONNX file computed by ONNX Runtime: the reference an import is checked against.
 *
 * <p>Images are fed as edgesweep feeds them to its own models (pixel / 255, channels first), in
 * the shape the file's input declares ([batch, C, H, W] or flattened).
 */
public final class OnnxRuntimeScores {
  private OnnxRuntimeScores() {}

  /** The logits of every example of {@code data}, row after row. */
  public static float[] logits(byte[] model, OnnxGraph graph, ImageDataset data, int batchSize) {
    OrtEnvironment env = OnnxRuntimeNatives.environment();
    int classes = graph.classCount();
    float[] logits = new float[data.size() * classes];
    int[] in = graph.inputShape();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        OnnxImageBatches.forEach(env, data, batchSize,
            n -> in.length == 1 ? new long[] {n, in[0]} : new long[] {n, in[0], in[1], in[2]},
            (start, n, images) -> {
              try (OrtSession.Result result = session.run(Map.of(graph.input(), images))) {
                float[][] out = (float[][]) result.get(0).getValue();
                for (int i = 0; i < n; i++) {
                  System.arraycopy(out[i], 0, logits, (start + i) * classes, classes);
                }
              }
            });
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot run " + graph.source() + ": " + e.getMessage(), e);
    }
    return logits;
  }
}
