package io.edgesweep.model;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random 28×28 grey images with random labels of 10 classes, fixed by a seed: what the training
 * loop's tests need, since a step costs and behaves the same on any pixel values.
 */
final class RandomImages {
  private RandomImages() {}

  /** {@code count} images: the pixels drawn first, then the labels, from {@code new Random(seed)}. */
  static ImageDataset of(int count, long seed) {
    Random random = new Random(seed);
    byte[] pixels = new byte[count * 784];
    random.nextBytes(pixels);
    int[] labels = random.ints(count, 0, 10).toArray();
    return new ImageDataset(new ImageShape(1, 28, 28), IntStream.range(0, 10).mapToObj(Integer::toString).toList(), pixels, labels, Map.of());
  }
}
