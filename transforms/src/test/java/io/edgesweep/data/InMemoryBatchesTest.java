package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.edgesweep.model.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryBatchesTest {
  /** Every byte value appears, so the native conversion is checked against Java's for all 256. */
  private static ImageDataset everyByteValue() {
    int images = 300;
    byte[] pixels = new byte[images * 4];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 + i / 256);
    }
    int[] labels = IntStream.range(0, images).map(i -> (i * 13) % 3).toArray();
    return new ImageDataset(new ImageShape(1, 2, 2), List.of("a", "b", "c"), pixels, labels, Map.of());
  }

  @Test
  void batchesAreBitForBitThePixelsJavaConvertsInTheSeededOrder() {
    TorchRuntime.ensureConfigured();
    ImageDataset data = everyByteValue();
    int[] order = InMemoryBatches.permutation(data.size(), 11L);
    List<int[]> seen = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      new InMemoryBatches(data).forEachBatch(manager, 64, 11L, batch -> {
        float[] images = batch.images().toFloatArray();
        long[] labels = batch.labels().toLongArray();
        assertThat(batch.images().getShape().getShape()).containsExactly(batch.size(), 1, 2, 2);
        float[] expected = new float[batch.size() * 4];
        for (int i = 0; i < batch.size(); i++) {
          data.copyImage(batch.indices()[i], expected, i * 4);
          assertThat(labels[i]).isEqualTo(data.label(batch.indices()[i]));
        }
        for (int k = 0; k < expected.length; k++) {
          assertThat(Float.floatToIntBits(images[k])).as("pixel %d", k).isEqualTo(Float.floatToIntBits(expected[k]));
        }
        seen.add(batch.indices());
      });
    }
    assertThat(seen).hasSize(5);
    assertThat(seen.get(4)).hasSize(300 - 4 * 64);
    assertThat(seen.stream().flatMapToInt(Arrays::stream).toArray()).containsExactly(order);
  }

  @Test
  void fileOrderWithoutASeed() {
    TorchRuntime.ensureConfigured();
    ImageDataset data = everyByteValue();
    List<Integer> seen = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      new InMemoryBatches(data).forEachBatch(manager, 128, null, batch -> Arrays.stream(batch.indices()).forEach(seen::add));
    }
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, data.size()).boxed().toList());
  }
}
