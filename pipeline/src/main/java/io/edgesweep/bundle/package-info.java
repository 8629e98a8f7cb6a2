/**
 * The compact model bundle: what a device would flash, and a reader that runs it.
 *
 * <p>Lives here: the bundle's layout ({@link io.edgesweep.bundle.BundleManifest}), the packing of
 * b-bit codes ({@link io.edgesweep.bundle.BitPacking}), the dense, bitmap and CSR layouts of one
 * weight layer ({@link io.edgesweep.bundle.LayerEncoding}), the writer and the reader. What a
 * code means (scales, zero-points, a codebook) is the number format's own {@code
 * io.edgesweep.compress.CodeLayout}, found by the manifest's {@code code}; nothing here names a
 * format. The arrays
 * written are exactly those {@code io.edgesweep.evaluate.StorageSize} counts, so the bundle on disk
 * is the size the cost model reported; {@code docs/report.md} gives the format byte by byte.
 *
 * <p>Must not live here: quantization itself (the codes come from {@code
 * io.edgesweep.compress.Quantization}), selection, or anything about run folders.
 */
package io.edgesweep.bundle;
