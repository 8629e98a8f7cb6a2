package io.edgesweep.evaluate;

import java.io.Serializable;

/**
 * The bytes one weight layer takes in one storage format, array by array.
 *
 * <p>Each array starts on a byte boundary, as a reader addresses it by offset, so each is rounded
 * up to whole bytes on its own: a 3-value 4-bit array takes 2 bytes, not 1.5. Headers, shapes and
 * names are not counted; they are the same few bytes whatever the compression.
 *
 * @param format the layout of the weight values
 * @param valueBytes the weight values (with CSR fillers)
 * @param positionBytes the bitmap, or the CSR relative indices; 0 for dense
 * @param rowPointerBytes CSR row pointers; 0 otherwise
 * @param scaleBytes float32 quantization scales
 * @param zeroPointBytes zero-points of an affine quantizer, at the weight bit width
 * @param biasBytes the bias, int32 beside integer weights, else at the float width
 */
public record LayerStorage(
    StorageFormat format,
    long valueBytes,
    long positionBytes,
    long rowPointerBytes,
    long scaleBytes,
    long zeroPointBytes,
    long biasBytes)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public long totalBytes() {
    return valueBytes + positionBytes + rowPointerBytes + scaleBytes + zeroPointBytes + biasBytes;
  }
}
