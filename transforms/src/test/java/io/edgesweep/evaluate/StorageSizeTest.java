package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.Tensor;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Byte counts worked out by hand; each comment shows the arithmetic. */
class StorageSizeTest {
  private static final WeightEncoding INT8_PER_CHANNEL = WeightEncoding.integer(8, ScaleGranularity.PER_CHANNEL, false);
  private static final WeightEncoding INT8_PER_TENSOR = WeightEncoding.integer(8, ScaleGranularity.PER_TENSOR, false);

  @Test
  void denseInt8PerChannelSymmetric() {
    // 4 x 10 weight, all non-zero. values 40 * 8 bits = 40 B; scales 4 * 32 bits = 16 B;
    // symmetric: no zero-points; bias 4 * int32 = 16 B. Total 72 B.
    LayerStorage s = StorageSize.of(WeightSparsity.dense(4, 10), INT8_PER_CHANNEL, StorageFormat.DENSE, 4);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.DENSE, 40, 0, 0, 16, 0, 16));
    assertThat(s.totalBytes()).isEqualTo(72);
  }

  @Test
  void aCodebookStoresIndicesAtItsWidthAndItsCentroidsInFloat32() {
    // 300 x 784 weight (LeNet-300-100's fc1), 5-bit codebook: indices 235,200 * 5 bits = 147,000 B;
    // 2^5 = 32 float32 centroids = 128 B for the whole tensor (not one per row); no zero-points;
    // bias 300 * 32 bits = 1,200 B. Total 148,328 B.
    LayerStorage s = StorageSize.of(WeightSparsity.dense(300, 784), new io.edgesweep.compress.CodebookFormat(5), StorageFormat.DENSE, 4);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.DENSE, 147_000, 0, 0, 128, 0, 1_200));
    assertThat(s.totalBytes()).isEqualTo(148_328);
  }

  @Test
  void denseInt4PerTensorAffineRoundsEachArrayUp() {
    // 3 x 5 weight: values 15 * 4 = 60 bits = 7.5 B -> 8 B; one scale 4 B; one zero-point 4 bits -> 1 B;
    // bias 3 * 32 bits = 12 B. Total 25 B.
    WeightEncoding int4 = WeightEncoding.integer(4, ScaleGranularity.PER_TENSOR, true);
    LayerStorage s = StorageSize.of(WeightSparsity.dense(3, 5), int4, StorageFormat.DENSE, 4);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.DENSE, 8, 0, 0, 4, 1, 12));
    assertThat(s.totalBytes()).isEqualTo(25);
  }

  @Test
  void perChannelAffineZeroPointsArePackedAtTheWeightWidth() {
    // 5 x 2 weight, int3 per channel affine: values 10 * 3 = 30 bits -> 4 B; scales 5 * 4 = 20 B;
    // zero-points 5 * 3 = 15 bits -> 2 B; bias 5 * 4 = 20 B. Total 46 B.
    WeightEncoding int3 = WeightEncoding.integer(3, ScaleGranularity.PER_CHANNEL, true);
    LayerStorage s = StorageSize.of(WeightSparsity.dense(5, 2), int3, StorageFormat.DENSE, 4);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.DENSE, 4, 0, 0, 20, 2, 20));
  }

  @Test
  void floatWeightsStoreNoScales() {
    // 2 x 3 fp32: 6 * 4 = 24 B, bias 2 * 4 = 8 B. fp16: 6 * 2 = 12 B, bias 2 * 2 = 4 B.
    assertThat(StorageSize.of(WeightSparsity.dense(2, 3), WeightEncoding.float32(), StorageFormat.DENSE, 4))
        .isEqualTo(new LayerStorage(StorageFormat.DENSE, 24, 0, 0, 0, 0, 8));
    assertThat(StorageSize.of(WeightSparsity.dense(2, 3), WeightEncoding.float16(), StorageFormat.DENSE, 4))
        .isEqualTo(new LayerStorage(StorageFormat.DENSE, 12, 0, 0, 0, 0, 4));
  }

  @Test
  void bitmapStoresOneBitPerPositionAndTheNonZeros() {
    // 2 x 8 weight, non-zeros at (0,0), (0,5), (1,7): N = 3.
    // bitmap 16 bits = 2 B; values 3 * 8 = 3 B; scales 2 * 4 = 8 B; bias 2 * 4 = 8 B. Total 21 B.
    WeightSparsity w = WeightSparsity.of(2, 8, new float[] {1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3});
    assertThat(w.nonZeros()).isEqualTo(3);
    LayerStorage s = StorageSize.of(w, INT8_PER_CHANNEL, StorageFormat.BITMAP, 4);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.BITMAP, 3, 2, 0, 8, 0, 8));
    assertThat(s.totalBytes()).isEqualTo(21);
  }

  @Test
  void csrReproducesDeepCompressionsFillerZero() {
    // Han et al., Deep Compression, figure 2: one row of 16, non-zeros at columns 1, 4, 15, 3-bit indices.
    // Gaps (from column -1): 2, 3, 11. A 3-bit index reaches gaps up to 8, so 11 needs (11-1)/8 = 1 filler
    // (at column 12), then gap 3 to column 15: 4 entries.
    float[] row = new float[16];
    row[1] = 3.4f;
    row[4] = 0.9f;
    row[15] = 1.7f;
    WeightSparsity w = WeightSparsity.of(1, 16, row);
    assertThat(w.csrFillers(3)).isEqualTo(1);
    assertThat(w.csrEntries(3)).isEqualTo(4);
    // int8 per tensor: values 4 * 8 bits = 4 B; indices 4 * 3 = 12 bits -> 2 B;
    // row pointers (1 + 1) * 8 bits (4 entries fit a byte) = 2 B; scale 4 B; bias 1 * 4 B. Total 16 B.
    LayerStorage s = StorageSize.of(w, INT8_PER_TENSOR, StorageFormat.CSR, 3);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.CSR, 4, 2, 2, 4, 0, 4));
    assertThat(s.totalBytes()).isEqualTo(16);
    // With 4-bit indices (reach 16) no filler is needed: 3 entries.
    assertThat(w.csrFillers(4)).isZero();
  }

  @Test
  void csrBridgesALongGapWithSeveralFillers() {
    // Row of 40 with a single non-zero at column 39: gap 40. 2-bit indices reach 4: (40-1)/4 = 9 fillers
    // (columns 3, 7, ..., 35), then the value at 39 (gap 4): 10 entries.
    float[] row = new float[40];
    row[39] = 1f;
    WeightSparsity w = WeightSparsity.of(1, 40, row);
    assertThat(w.csrFillers(2)).isEqualTo(9);
    assertThat(w.csrEntries(2)).isEqualTo(10);
    // A gap of exactly the reach needs no filler: 6-bit indices reach 64 > 40.
    assertThat(w.csrFillers(6)).isZero();
  }

  @Test
  void csrRowPointersWidenWithTheEntryCount() {
    // 1 x 300 dense row in CSR with 1-bit indices: every gap is 1, no fillers, 300 entries > 255,
    // so row pointers are 16-bit: (1 + 1) * 2 B = 4 B. Values 300 B, indices 300 bits = 38 B (37.5 up),
    // scale 4 B, bias 4 B. Total 350 B.
    LayerStorage s = StorageSize.of(WeightSparsity.dense(1, 300), INT8_PER_TENSOR, StorageFormat.CSR, 1);
    assertThat(s).isEqualTo(new LayerStorage(StorageFormat.CSR, 300, 38, 4, 4, 0, 4));
    assertThat(StorageSize.rowPointerBits(255)).isEqualTo(8);
    assertThat(StorageSize.rowPointerBits(256)).isEqualTo(16);
    assertThat(StorageSize.rowPointerBits(65_536)).isEqualTo(32);
  }

  @Test
  void smallestPicksTheCheapestFormatTheDeviceReads() {
    // 10 x 100 int8 weight with one non-zero per row at column 0 (99% zeros), per tensor.
    // dense: 1000 + 4 + 40 = 1044 B. bitmap: 1000 bits = 125 B + 10 B values + 4 + 40 = 179 B.
    // CSR, 4-bit indices: gap 1 each, 10 entries: 10 B + 40 bits = 5 B + 11 pointers * 1 B + 4 + 40 = 70 B.
    float[] values = new float[1000];
    for (int r = 0; r < 10; r++) {
      values[r * 100] = 1f;
    }
    WeightSparsity w = WeightSparsity.of(10, 100, values);
    assertThat(StorageSize.of(w, INT8_PER_TENSOR, StorageFormat.DENSE, 4).totalBytes()).isEqualTo(1044);
    assertThat(StorageSize.of(w, INT8_PER_TENSOR, StorageFormat.BITMAP, 4).totalBytes()).isEqualTo(179);
    assertThat(StorageSize.of(w, INT8_PER_TENSOR, StorageFormat.CSR, 4).totalBytes()).isEqualTo(70);
    assertThat(StorageSize.smallest(w, INT8_PER_TENSOR, EnumSet.allOf(StorageFormat.class), 4).format()).isEqualTo(StorageFormat.CSR);
    assertThat(StorageSize.smallest(w, INT8_PER_TENSOR, EnumSet.of(StorageFormat.DENSE, StorageFormat.BITMAP), 4).format())
        .isEqualTo(StorageFormat.BITMAP);
    assertThat(StorageSize.smallest(w, INT8_PER_TENSOR, EnumSet.of(StorageFormat.DENSE), 4).format()).isEqualTo(StorageFormat.DENSE);
  }

  @Test
  void denseWinsTiesAndDenseTensorsStayDense() {
    // 1 x 8 int8, all non-zero: dense 8 B; bitmap 1 B + 8 B; CSR 8 B + 4 B indices + 2 B pointers. Dense is smallest.
    LayerStorage s = StorageSize.smallest(WeightSparsity.dense(1, 8), INT8_PER_TENSOR, EnumSet.allOf(StorageFormat.class), 4);
    assertThat(s.format()).isEqualTo(StorageFormat.DENSE);
  }

  @Test
  void sparsityOfATensorMatchesTheDenseShortcutWhenNothingIsZero() {
    Tensor t = new Tensor(new int[] {2, 1, 2, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThat(WeightSparsity.of(t)).isEqualTo(WeightSparsity.dense(2, 4));
    assertThat(WeightSparsity.of(t).sparsity()).isZero();
  }

  @Test
  void sparseFormatsNeverBeatTheInformationTheyCarry() {
    // Invariant: for any pattern, CSR entries >= non-zeros and bitmap >= positions / 8 bytes.
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int rows = 1 + random.nextInt(6);
      int cols = 1 + random.nextInt(70);
      float[] v = pattern(random, rows * cols, 0.8, 1f);
      WeightSparsity w = WeightSparsity.of(rows, cols, v);
      for (int bits = 1; bits <= 8; bits++) {
        assertThat(w.csrEntries(bits)).isGreaterThanOrEqualTo(w.nonZeros());
        assertThat(w.csrEntries(bits)).isLessThanOrEqualTo(w.nonZeros() + (long) rows * cols);
        assertThat(w.csrEntries(bits + 1)).isLessThanOrEqualTo(w.csrEntries(bits));
      }
      assertThat(StorageSize.of(w, INT8_PER_TENSOR, StorageFormat.BITMAP, 4).positionBytes()).isEqualTo((rows * cols + 7) / 8);
    }
  }

  @Test
  void csrFillersAreThoseOfEveryGapCountedOneByOne() {
    // Each gap d (column − previous column, the first from column −1) costs ceil(d / 2^bits) − 1
    // fillers; patterns include rows whose only non-zero is in the last column (the widest gap).
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int rows = 1 + random.nextInt(5);
      int cols = 1 + random.nextInt(90);
      float[] v = pattern(random, rows * cols, 0.9, -0.5f);
      if (trial % 4 == 0) {
        v[cols - 1] = 2f;
        java.util.Arrays.fill(v, 0, cols - 1, 0f);
      }
      WeightSparsity w = WeightSparsity.of(rows, cols, v);
      for (int bits = 1; bits <= 8; bits++) {
        long reach = 1L << bits;
        long nonZeros = 0;
        long fillers = 0;
        for (int r = 0; r < rows; r++) {
          int previous = -1;
          for (int c = 0; c < cols; c++) {
            if (v[r * cols + c] != 0f) {
              long gap = c - previous;
              fillers += (gap + reach - 1) / reach - 1;
              previous = c;
              nonZeros++;
            }
          }
        }
        assertThat(w.nonZeros()).isEqualTo(nonZeros);
        assertThat(w.csrEntries(bits)).as("trial %d, %d bits", trial, bits).isEqualTo(nonZeros + fillers);
      }
    }
  }

  /** {@code size} values, each zero with probability {@code zeros} and else {@code value}. */
  private static float[] pattern(java.util.Random random, int size, double zeros, float value) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = random.nextDouble() < zeros ? 0f : value;
    }
    return v;
  }
}
