package io.edgesweep.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A split's pixels as one native uint8 tensor [images, pixels], made once per split and JVM and
 * shared by every pass over it.
 *
 * <p>Why: handing DJL the split's 39 MB of bytes (Fashion-MNIST's train split) costs 110-140 ms
 * each time (a zeroed direct buffer, a copy into it, libtorch's own copy, page faults on all of
 * it), which {@link InMemoryBatches} paid at every epoch and every evaluation: a fifth of an epoch
 * of the sweep's student, and some 25 ms per evaluation of the validation split. A JVM's stage
 * tasks share their splits ({@code SplitCache}), so they now share this copy too; concurrent
 * passes only read it (batches are gathered from it into arrays of their own).
 *
 * <p>The tensor lives as long as its dataset's pixel array: it is keyed weakly by that array (by
 * identity; datasets compare by content, and two equal datasets loaded apart must not share a
 * copy that one of them frees), and its manager is closed by a {@link Cleaner} once the array is
 * unreachable, so a JVM that loads many small splits (tests) does not keep their native copies.
 */
final class NativePixels {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Map<byte[], NDArray> BY_PIXELS = new WeakHashMap<>();

  private NativePixels() {}

  /**
   * The native copy of {@code dataset}'s pixels; the caller keeps {@code dataset} reachable while it
   * uses the array and must not close or modify it.
   */
  static NDArray of(ImageDataset dataset) {
    synchronized (BY_PIXELS) {
      byte[] bytes = dataset.pixels();
      Shape shape = new Shape(dataset.size(), dataset.shape().pixelCount());
      NDArray pixels = BY_PIXELS.get(bytes);
      if (pixels != null && !pixels.getShape().equals(shape)) {
        throw new IllegalStateException("two datasets share one pixel array as " + pixels.getShape() + " and " + shape);
      }
      if (pixels == null) {
        NDManager manager = NDManager.newBaseManager();
        try {
          pixels = manager.create(ByteBuffer.wrap(bytes), shape, DataType.UINT8);
        } catch (RuntimeException e) {
          manager.close();
          throw e;
        }
        BY_PIXELS.put(bytes, pixels);
        CLEANER.register(bytes, manager::close);
      }
      return pixels;
    }
  }
}
