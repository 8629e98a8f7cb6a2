package io.edgesweep.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.edgesweep.data.ImageDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.IntFunction;

/**
 * A split's images as ONNX Runtime input tensors, batch after batch, as edgesweep feeds its own
 * models (pixel / 255, channels first), through one native buffer.
 *
 * <p>Why one buffer: ONNX Runtime reads a direct buffer in place, but copies a heap array into a new
 * zeroed direct buffer for every tensor, which was 0.3 s of a sweep's ONNX checks of its picks
 * (docs/performance.md). Each tensor is closed before the buffer is filled again.
 */
public final class OnnxImageBatches {
  private OnnxImageBatches() {}

  /** What runs on one batch: {@code count} images from {@code start}, valid only during the call. */
  @FunctionalInterface
  public interface Batch {
    void run(int start, int count, OnnxTensor images) throws OrtException;
  }

  /**
   * Runs {@code batch} on every batch of {@code data} in split order.
   *
   * @param shapeOf the input tensor's shape for a batch of the given size
   */
  public static void forEach(OrtEnvironment env, ImageDataset data, int batchSize, IntFunction<long[]> shapeOf, Batch batch)
      throws OrtException {
    int pixels = data.shape().pixelCount();
    int capacity = Math.min(batchSize, data.size()) * pixels;
    float[] images = new float[capacity];
    FloatBuffer input = ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int start = 0; start < data.size(); start += batchSize) {
      int n = Math.min(batchSize, data.size() - start);
      for (int i = 0; i < n; i++) {
        data.copyImage(start + i, images, i * pixels);
      }
      input.clear();
      input.put(images, 0, n * pixels).flip();
      try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shapeOf.apply(n))) {
        batch.run(start, n, tensor);
      }
    }
  }
}
