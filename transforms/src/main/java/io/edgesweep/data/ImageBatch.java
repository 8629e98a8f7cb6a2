package io.edgesweep.data;

import ai.djl.ndarray.NDArray;

/**
 * One batch as DJL arrays: images float32 [B, C, H, W] in [0, 1], labels int64 [B].
 *
 * <p>{@code indices} are the positions of the images in their split, so that per-example data
 * kept elsewhere (teacher logits, say) can be joined to the batch.
 */
public record ImageBatch(NDArray images, NDArray labels, int[] indices) {
  public int size() {
    return indices.length;
  }
}
