package io.edgesweep.evaluate;

import io.edgesweep.compress.WeightFormat;
import java.util.Set;

/**
 * Bytes of a weight layer in each storage format, and the smallest one a device can read.
 *
 * <p>With b the weight bit width, P positions, N non-zeros, R output channels and w the CSR index
 * width, each array rounded up to whole bytes on its own:
 *
 * <ul>
 *   <li>dense: values P·b;
 *   <li>bitmap: bitmap P·1, values N·b;
 *   <li>CSR: values E·b and indices E·w for E = N + fillers (see {@link
 *       WeightSparsity#csrFillers}), row pointers (R+1)·p with p the narrowest of 8, 16 or 32 bits
 *       that holds E (as TensorFlow Lite's sparse tensors choose uint8, uint16 or int32 segments);
 * </ul>
 *
 * <p>plus, in every format, 32-bit scales (1 or R), zero-points at b bits when affine, and the R
 * bias values (int32 beside integer weights). fp32 and fp16 weights store no scales.
 *
 * <p>A format a stage brings prices itself through {@link WeightFormat}: a codebook stores 2^b
 * float32 centroids in place of scales and b-bit indices as values, b + 1 bits where a zero must
 * be stored (a dense layer with zeros, CSR fillers), since its centroids are the non-zero
 * weights' only ({@link io.edgesweep.compress.CodebookFormat}).
 */
public final class StorageSize {
  private StorageSize() {}

  /** The bytes of one layer in one format. */
  public static LayerStorage of(WeightSparsity weight, WeightFormat encoding, StorageFormat format, int csrIndexBits) {
    long b = encoding.bits();
    long rows = weight.rows();
    long values;
    long positions = 0;
    long rowPointers = 0;
    switch (format) {
      case DENSE -> values = bytes(weight.positions() * encoding.valueBits(weight.nonZeros() < weight.positions()));
      case BITMAP -> {
        values = bytes(weight.nonZeros() * encoding.valueBits(false));
        positions = bytes(weight.positions());
      }
      case CSR -> {
        long entries = weight.csrEntries(csrIndexBits);
        values = bytes(entries * encoding.valueBits(entries > weight.nonZeros()));
        positions = bytes(entries * csrIndexBits);
        rowPointers = bytes((rows + 1) * rowPointerBits(entries));
      }
      default -> throw new IllegalArgumentException("unknown storage format " + format);
    }
    long scales = bytes(encoding.scaleCount(rows) * 32);
    long zeroPoints = bytes(encoding.zeroPointCount(rows) * b);
    long bias = bytes(rows * encoding.biasBits());
    return new LayerStorage(format, values, positions, rowPointers, scales, zeroPoints, bias);
  }

  /**
   * The smallest of the formats a device reads; on equal bytes the simpler format (dense, then
   * bitmap, then CSR).
   */
  public static LayerStorage smallest(WeightSparsity weight, WeightFormat encoding, Set<StorageFormat> formats, int csrIndexBits) {
    LayerStorage best = null;
    for (StorageFormat format : StorageFormat.values()) {
      if (!formats.contains(format)) {
        continue;
      }
      LayerStorage candidate = of(weight, encoding, format, csrIndexBits);
      if (best == null || candidate.totalBytes() < best.totalBytes()) {
        best = candidate;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no storage format to choose from");
    }
    return best;
  }

  /**
   * Bits of one CSR row pointer: the narrowest of 8, 16, 32 that holds the entry count. Public
   * because a bundle writer must lay pointers out exactly as they are sized here.
   */
  public static int rowPointerBits(long entries) {
    if (entries <= 0xFF) {
      return 8;
    }
    if (entries <= 0xFFFF) {
      return 16;
    }
    return 32;
  }

  /** Whole bytes for a bit count, rounded up. */
  static long bytes(long bits) {
    return (bits + 7) / 8;
  }
}
