package io.edgesweep.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.lang.ref.Reference;
import java.util.Arrays;
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

  /**
   * Makes the native copy of {@code dataset}'s pixels that passes over it share ({@link
   * NativePixels}) now, on the calling thread, so the first pass does not wait for it; needs the
   * PyTorch engine loaded.
   */
  public static void prepare(ImageDataset dataset) {
    NativePixels.of(dataset);
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
    try {
      // The split is in native memory as bytes (a quarter of its float size, made once per JVM:
      // NativePixels); each batch is a gather of its rows and one conversion there, instead of a
      // per-pixel loop in Java and a copy of the floats. uint8 → float32 and a division by 255
      // round exactly as (byte & 0xFF) / 255f does in Java, so the batches are bit for bit what
      // they were. Rows of [N, pixels], gathered by PyTorch's embedding lookup, which is
      // index_select on dimension 0: whole rows copied at once, ten times faster than advanced
      // indexing (array.get(index)), which moves the batch's bytes one element at a time.
      NDArray pixels = NativePixels.of(dataset);
      Shape imageShape = new Shape(shape.channels(), shape.height(), shape.width());
      for (int start = 0; start < permutation.length; start += batchSize) {
        int size = Math.min(batchSize, permutation.length - start);
        int[] indices = Arrays.copyOfRange(permutation, start, start + size);
        try (NDManager batchManager = manager.newSubManager()) {
          NDArray rows = batchManager.create(Arrays.stream(indices).asLongStream().toArray());
          NDArray imageArray;
          try (NDArray bytes = rows.getNDArrayInternal().embedding(rows, pixels, SparseFormat.DENSE).singletonOrThrow()) {
            imageArray = bytes.toType(DataType.FLOAT32, false);
          }
          imageArray.attach(batchManager);
          imageArray.divi(255f);
          imageArray = imageArray.reshape(new Shape(size).addAll(imageShape));
          // 128 labels are cheaper to create from Java than to gather (DJL's indexing costs more per call than the copy).
          long[] labels = new long[size];
          for (int i = 0; i < size; i++) {
            labels[i] = dataset.label(indices[i]);
          }
          NDArray labelArray = batchManager.create(labels, new Shape(size));
          visitor.visit(new ImageBatch(imageArray, labelArray, indices));
        }
      }
    } finally {
      Reference.reachabilityFence(dataset); // its pixels' native copy lives as long as it does
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
