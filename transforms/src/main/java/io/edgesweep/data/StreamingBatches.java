package io.edgesweep.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Batches read straight from a Parquet split, in file order, without holding the split in memory.
 *
 * <p>For evaluation passes over splits too large to keep; training, which shuffles every epoch,
 * uses {@link InMemoryBatches}.
 */
public final class StreamingBatches implements BatchSource {
  private final Path file;
  private final ParquetImageDatasets.Header header;

  public StreamingBatches(Path file) {
    this.file = file;
    this.header = ParquetImageDatasets.readHeader(file);
  }

  @Override
  public ImageShape shape() {
    return header.shape();
  }

  @Override
  public int classCount() {
    return header.classNames().size();
  }

  @Override
  public int size() {
    return (int) header.rows();
  }

  @Override
  public void forEachBatch(NDManager manager, int batchSize, Long order, BatchVisitor visitor) {
    if (order != null) {
      throw new IllegalArgumentException("a streamed split is read in file order; load it in memory to shuffle");
    }
    int pixels = header.shape().pixelCount();
    ImageShape shape = header.shape();
    byte[] buffer = new byte[pixels];
    try (ParquetImageDatasets.RecordStream records = ParquetImageDatasets.stream(file)) {
      int position = 0;
      boolean more = true;
      while (more) {
        float[] images = new float[batchSize * pixels];
        long[] labels = new long[batchSize];
        int size = 0;
        while (size < batchSize) {
          int label = records.next(buffer);
          if (label < 0) {
            more = false;
            break;
          }
          for (int p = 0; p < pixels; p++) {
            images[size * pixels + p] = (buffer[p] & 0xFF) / 255f;
          }
          labels[size++] = label;
        }
        if (size == 0) {
          break;
        }
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
          indices[i] = position + i;
        }
        position += size;
        try (NDManager batchManager = manager.newSubManager()) {
          NDArray imageArray = batchManager.create(java.util.Arrays.copyOf(images, size * pixels),
              new Shape(size, shape.channels(), shape.height(), shape.width()));
          NDArray labelArray = batchManager.create(java.util.Arrays.copyOf(labels, size), new Shape(size));
          visitor.visit(new ImageBatch(imageArray, labelArray, indices));
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
  }
}
