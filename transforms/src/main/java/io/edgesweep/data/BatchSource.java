package io.edgesweep.data;

import ai.djl.ndarray.NDManager;

/**
 * A split that can be walked in DJL batches.
 *
 * <p>Each batch's arrays are created in a sub-manager of the caller's manager that is closed as
 * soon as the visitor returns, so a pass over 55,000 images holds one batch of native memory at a
 * time.
 */
public interface BatchSource {
  ImageShape shape();

  int classCount();

  int size();

  /**
   * Visits the split batch by batch.
   *
   * @param order null for file order, or a seed for a shuffled order (the same seed, the same order)
   */
  void forEachBatch(NDManager manager, int batchSize, Long order, BatchVisitor visitor);

  /** What is done with one batch; its arrays are closed after it returns. */
  @FunctionalInterface
  interface BatchVisitor {
    void visit(ImageBatch batch);
  }
}
