package io.edgesweep.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.Codebook;
import io.edgesweep.compress.CodebookFormat;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.LinearCodes;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.compress.WeightFormat;
import io.edgesweep.compress.WeightQuantizer;
import io.edgesweep.evaluate.LayerStorage;
import io.edgesweep.evaluate.Precision;
import io.edgesweep.evaluate.ScaleGranularity;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.evaluate.StorageSize;
import io.edgesweep.evaluate.WeightEncoding;
import io.edgesweep.evaluate.WeightSparsity;
import io.edgesweep.model.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every weight format, scale granularity, scheme and storage layout: the arrays written have
 * exactly the bytes StorageSize counts, and reading them back gives the quantizer's dequantized
 * weights bit for bit.
 */
class LayerEncodingTest {
  private static final List<StorageFormat> FORMATS = List.of(StorageFormat.DENSE, StorageFormat.BITMAP, StorageFormat.CSR);

  @Test
  void integerCodesRoundTripInEveryLayoutAtTheCostModelsSize() {
    for (int bits : new int[] {2, 3, 4, 5, 6, 7, 8, 12, 16}) {
      for (Granularity granularity : Granularity.values()) {
        for (QuantizationScheme scheme : QuantizationScheme.values()) {
          Tensor weight = prunedWeight(bits * 31L + granularity.ordinal() * 7 + scheme.ordinal(), 13, 50, 0.7);
          QuantizedTensor q = WeightQuantizer.quantize("fc1.weight", weight, WeightPrecision.ofBits(bits), granularity, scheme);
          WeightEncoding encoding = WeightEncoding.integer(bits,
              granularity == Granularity.PER_CHANNEL ? ScaleGranularity.PER_CHANNEL : ScaleGranularity.PER_TENSOR,
              scheme == QuantizationScheme.AFFINE);
          checkAllLayouts(LayerCodes.of(q, bias(13)), q.dequantize(), encoding, bits + " bits " + granularity + " " + scheme);
        }
      }
    }
  }

  @Test
  void halfAndSinglePrecisionRoundTrip() {
    Tensor weight = prunedWeight(11, 9, 40, 0.8);
    QuantizedTensor half = WeightQuantizer.quantize("fc1.weight", weight, WeightPrecision.fp16(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC);
    checkAllLayouts(LayerCodes.of(half, bias(9)), half.dequantize(), WeightEncoding.float16(), "fp16");
    checkAllLayouts(LayerCodes.float32("fc1.weight", weight, bias(9)), weight, WeightEncoding.float32(), "fp32");
  }

  @Test
  void codebookIndicesRoundTripInEveryLayoutAtTheCostModelsSize() {
    for (int bits : new int[] {1, 2, 3, 4, 5, 8}) {
      for (double zeros : new double[] {0.0, 0.3, 0.9}) {
        Tensor pruned = prunedWeight(bits * 17L + (long) (zeros * 10), 13, 50, zeros);
        Codebook codebook = Codebook.cluster(pruned.values(), bits, 20);
        Tensor shared = new Tensor(pruned.shape(), codebook.weights());
        LayerCodes codes = LayerCodes.of("fc1.weight", shared.shape(), CodebookFormat.pack("fc1.weight", shared, codebook.centroids()), bias(13));
        checkAllLayouts(codes, shared, new CodebookFormat(bits), bits + "-bit codebook, " + zeros + " zeros");
      }
    }
  }

  @Test
  void aCodebookLayerCountedByHand() {
    // 2 x 8, 2-bit codebook {-0.5, -0.25, 0.25, 0.5} (index 4 = 0.0), 5 non-zeros:
    // row 0: 0.5 0 0 0 0 0 0 -0.25   row 1: 0 0.25 0.25 0 0 0 0 -0.5
    float[] centroids = {-0.5f, -0.25f, 0.25f, 0.5f};
    float[] w = {0.5f, 0, 0, 0, 0, 0, 0, -0.25f, 0, 0.25f, 0.25f, 0, 0, 0, 0, -0.5f};
    Tensor weight = new Tensor(new int[] {2, 8}, w);
    LayerCodes codes = LayerCodes.of("w", weight.shape(), CodebookFormat.pack("w", weight, centroids), new Tensor(new int[] {2}, new float[] {0.1f, -0.1f}));
    assertThat(codes.codes()).containsExactly(3, 4, 4, 4, 4, 4, 4, 1, 4, 2, 2, 4, 4, 4, 4, 0);
    // Dense: 16 indices at 3 bits (zeros stored) = 48 bits = 6 B; codebook 4 x 4 B = 16 B; bias 8 B.
    LayerEncoding.Encoded dense = LayerEncoding.encode(codes, StorageFormat.DENSE, 4);
    assertThat(length(dense, LayerEncoding.VALUES)).isEqualTo(6);
    assertThat(length(dense, CodebookFormat.CODEBOOK)).isEqualTo(16);
    assertThat(dense.totalBytes()).isEqualTo(6 + 16 + 8);
    assertThat(BitPacking.unpack(dense.arrays().get(LayerEncoding.VALUES), 0, 16, 3)).containsExactly(codes.codes());
    // Bitmap: 5 indices at 2 bits = 10 bits = 2 B (3, 1, 2, 2, 0), map 16 bits = 2 B; 2 + 2 + 16 + 8 = 28 B.
    LayerEncoding.Encoded bitmap = LayerEncoding.encode(codes, StorageFormat.BITMAP, 4);
    assertThat(BitPacking.unpack(bitmap.arrays().get(LayerEncoding.VALUES), 0, 5, 2)).containsExactly(3, 1, 2, 2, 0);
    assertThat(bitmap.totalBytes()).isEqualTo(28);
    // CSR, 2-bit indices (reach 4): row 0 gaps 1, 7 -> 7 needs (7-1)/4 = 1 filler; row 1 gaps 2, 1, 5 -> 1 filler.
    // E = 7 entries: values at 3 bits (a filler stores the zero index 4) = 21 bits = 3 B, indices 14 bits = 2 B,
    // row pointers 3 x 8 bits = 3 B; 3 + 2 + 3 + 16 + 8 = 32 B.
    LayerEncoding.Encoded csr = LayerEncoding.encode(codes, StorageFormat.CSR, 2);
    assertThat(csr.entries()).isEqualTo(7);
    assertThat(BitPacking.unpack(csr.arrays().get(LayerEncoding.VALUES), 0, 7, 3)).containsExactly(3, 4, 1, 2, 2, 4, 0);
    assertThat(csr.totalBytes()).isEqualTo(32);
    // With 3-bit CSR indices (reach 8) no filler is needed: values at 2 bits, 10 bits = 2 B.
    assertThat(length(LayerEncoding.encode(codes, StorageFormat.CSR, 3), LayerEncoding.VALUES)).isEqualTo(2);
    WeightSparsity sparsity = WeightSparsity.of(weight);
    assertThat(StorageSize.of(sparsity, new CodebookFormat(2), StorageFormat.DENSE, 4).totalBytes()).isEqualTo(30);
    assertThat(StorageSize.of(sparsity, new CodebookFormat(2), StorageFormat.BITMAP, 4).totalBytes()).isEqualTo(28);
    assertThat(StorageSize.of(sparsity, new CodebookFormat(2), StorageFormat.CSR, 2).totalBytes()).isEqualTo(32);
    for (StorageFormat format : FORMATS) {
      assertThat(decode(codes, LayerEncoding.encode(codes, format, 2), format, 2).weight()).as(format.toString()).isEqualTo(weight);
    }
  }

  @Test
  void aWeightOffItsCodebookIsRefused() {
    Tensor weight = new Tensor(new int[] {1, 2}, new float[] {0.5f, 0.3f});
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CodebookFormat.pack("w", weight, new float[] {-0.5f, 0.5f}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("w[1] = 0.3");
  }

  @Test
  void csrBridgesLongGapsWithFillersAsDeepCompressionDoes() {
    // One row: non-zeros at columns 0 and 20 with 2-bit indices (reach 4): gap 20 needs (20-1)/4 = 4 fillers.
    float[] values = new float[24];
    values[0] = 1f;
    values[20] = -1f;
    Tensor weight = new Tensor(new int[] {1, 24}, values);
    LayerCodes codes = LayerCodes.float32("w", weight, new Tensor(new int[] {1}, new float[] {0.5f}));
    LayerEncoding.Encoded csr = LayerEncoding.encode(codes, StorageFormat.CSR, 2);
    assertThat(csr.nonZeros()).isEqualTo(2);
    assertThat(csr.entries()).isEqualTo(6);
    assertThat(BitPacking.unpack(csr.arrays().get(LayerEncoding.POSITIONS), 0, 6, 2)).containsExactly(0, 3, 3, 3, 3, 3);
    assertThat(BitPacking.unpack(csr.arrays().get(LayerEncoding.ROW_POINTERS), 0, 2, 8)).containsExactly(0, 6);
    LayerCodes back = decode(codes, csr, StorageFormat.CSR, 2);
    assertThat(back.weight()).isEqualTo(weight);
  }

  private static void checkAllLayouts(LayerCodes codes, Tensor expected, WeightFormat encoding, String what) {
    WeightSparsity sparsity = WeightSparsity.of(expected);
    for (StorageFormat format : FORMATS) {
      for (int indexBits : format == StorageFormat.CSR ? new int[] {2, 4, 8} : new int[] {4}) {
        String label = what + " " + format + " w=" + indexBits;
        LayerEncoding.Encoded encoded = LayerEncoding.encode(codes, format, indexBits);
        LayerStorage storage = StorageSize.of(sparsity, encoding, format, indexBits);
        assertThat(length(encoded, LayerEncoding.VALUES)).as(label + " values").isEqualTo(storage.valueBytes());
        assertThat(length(encoded, LayerEncoding.POSITIONS)).as(label + " positions").isEqualTo(storage.positionBytes());
        assertThat(length(encoded, LayerEncoding.ROW_POINTERS)).as(label + " row pointers").isEqualTo(storage.rowPointerBytes());
        assertThat(length(encoded, LinearCodes.SCALES) + length(encoded, CodebookFormat.CODEBOOK)).as(label + " scales")
            .isEqualTo(storage.scaleBytes());
        assertThat(length(encoded, LinearCodes.ZERO_POINTS)).as(label + " zero-points").isEqualTo(storage.zeroPointBytes());
        // The bias is stored in float32 beside every weight format: the evaluated model's bias. The cost
        // model counts int32 beside integer weights (the same 4 bytes) and 2 bytes beside fp16.
        long biasBytes = Precision.of(encoding).equals(Precision.FP16) ? 2 * storage.biasBytes() : storage.biasBytes();
        assertThat(length(encoded, LayerEncoding.BIAS)).as(label + " bias").isEqualTo(biasBytes);
        assertThat(encoded.nonZeros()).as(label).isEqualTo(sparsity.nonZeros());
        LayerCodes back = decode(codes, encoded, format, indexBits);
        assertThat(back.weight()).as(label + " weights").isEqualTo(expected);
        assertThat(back.biasTensor()).as(label + " bias").isEqualTo(codes.biasTensor());
      }
    }
  }

  private static LayerCodes decode(LayerCodes codes, LayerEncoding.Encoded encoded, StorageFormat format, int indexBits) {
    return LayerEncoding.decode(codes.name(), codes.shape(), LayerEncoding.reader(codes.layout().code()), codes.layout().bits(), codes.layout().channels(), format, indexBits,
        encoded.rowPointerBits(), encoded.entries(), encoded.nonZeros(), encoded.arrays());
  }

  private static long length(LayerEncoding.Encoded encoded, String array) {
    byte[] bytes = encoded.arrays().get(array);
    return bytes == null ? 0 : bytes.length;
  }

  /** A weight with a share of exact zeros in runs of varied length, and one all-zero row. */
  static Tensor prunedWeight(long seed, int rows, int columns, double zeros) {
    Random random = new Random(seed);
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() < zeros ? 0f : (float) (random.nextGaussian() * 0.1 * (1 + i / columns));
    }
    for (int c = 0; c < columns; c++) {
      values[2 * columns + c] = 0f;
    }
    return new Tensor(new int[] {rows, columns}, values);
  }

  static Tensor bias(int rows) {
    float[] values = new float[rows];
    for (int r = 0; r < rows; r++) {
      values[r] = 0.01f * r - 0.05f;
    }
    return new Tensor(new int[] {rows}, values);
  }
}
