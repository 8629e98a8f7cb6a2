package io.edgesweep.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Batches of a split held in memory, in file order or in a seeded shuffle.
 *
 * <p>The shuffle is a Fisher-Yates permutation from {@link Random} with the given seed, so the
 * order depends on nothing but the seed and the split's size: a re-run, another runner or another
 * machine sees the same batches.
 */
public final class InMemoryBatches implements BatchSource {
  private final ImageDataset dataset;

  public InMemoryBatches(ImageDataset dataset) {
    this.dataset = dataset;
  }

  public ImageDataset dataset() {
    return dataset;
  }

  @Override
  public ImageShape shape() {
    return dataset.shape();
  }

  @Override
  public int classCount() {
    return dataset.classCount();
  }

  @Override
  public int size() {
    return dataset.size();
  }

  @Override
  public void forEachBatch(NDManager manager, int batchSize, Long order, BatchVisitor visitor) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    int[] permutation = order == null ? FashionMnistImport.identity(dataset.size()) : permutation(dataset.size(), order);
    ImageShape shape = dataset.shape();
    int pixels = shape.pixelCount();
    for (int start = 0; start < permutation.length; start += batchSize) {
      int size = Math.min(batchSize, permutation.length - start);
      int[] indices = new int[size];
      float[] images = new float[size * pixels];
      long[] labels = new long[size];
      for (int i = 0; i < size; i++) {
        int index = permutation[start + i];
        indices[i] = index;
        dataset.copyImage(index, images, i * pixels);
        labels[i] = dataset.label(index);
      }
      try (NDManager batchManager = manager.newSubManager()) {
        NDArray imageArray = batchManager.create(images, new Shape(size, shape.channels(), shape.height(), shape.width()));
        NDArray labelArray = batchManager.create(labels, new Shape(size));
        visitor.visit(new ImageBatch(imageArray, labelArray, indices));
      }
    }
  }

  /** A seeded Fisher-Yates permutation of 0..n-1. */
  public static int[] permutation(int n, long seed) {
    int[] order = FashionMnistImport.identity(n);
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
