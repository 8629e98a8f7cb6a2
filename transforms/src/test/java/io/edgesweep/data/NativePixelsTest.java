package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.edgesweep.model.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NativePixelsTest {
  private static ImageDataset images(int count, int salt) {
    byte[] pixels = new byte[count * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31 + salt);
    }
    return new ImageDataset(new ImageShape(1, 2, 2), List.of("a", "b"), pixels, IntStream.range(0, count).map(i -> i % 2).toArray(), Map.of());
  }

  @Test
  void oneNativeCopyPerPixelArrayHoldingItsBytes() {
    TorchRuntime.ensureConfigured();
    ImageDataset data = images(50, 3);
    NDArray first = NativePixels.of(data);
    assertThat(NativePixels.of(data)).isSameAs(first);
    assertThat(first.getShape().getShape()).containsExactly(50, 4);
    assertThat(first.toByteArray()).containsExactly(data.pixels());
    // Equal content, another array: its own copy (one dataset's copy must not be freed under the other).
    ImageDataset equal = new ImageDataset(data.shape(), data.classNames(), data.pixels().clone(), data.labels(), Map.of());
    assertThat(equal).isEqualTo(data);
    assertThat(NativePixels.of(equal)).isNotSameAs(first);
  }

  @Test
  void theCopyOutlivesEveryPassAndServesConcurrentPasses() throws Exception {
    TorchRuntime.ensureConfigured();
    ImageDataset data = images(300, 5);
    float[] once = passOver(data);
    // The callers' managers are closed after each pass; the shared copy must still be readable.
    assertThat(passOver(data)).containsExactly(once);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> passes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        passes.add(pool.submit(() -> passOver(data)));
      }
      for (Future<float[]> pass : passes) {
        assertThat(pass.get()).containsExactly(once);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every image of a seeded pass, in the order the batches gave them. */
  private static float[] passOver(ImageDataset data) {
    TorchRuntime.ensureConfigured();
    float[] out = new float[data.size() * 4];
    int[] at = {0};
    try (NDManager manager = NDManager.newBaseManager()) {
      new InMemoryBatches(data).forEachBatch(manager, 64, 9L, batch -> {
        float[] images = batch.images().toFloatArray();
        System.arraycopy(images, 0, out, at[0], images.length);
        at[0] += images.length;
      });
    }
    return out;
  }
}
