package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.TorchRuntime;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightQuantizerTest {

  @Test
  void fourBitPerChannelSymmetricByHand() {
    // Row 0: max|w| = 1.75, scale 1.75 / 7 = 0.25. Row 1: max|w| = 3.5, scale 0.5.
    Tensor w = new Tensor(new int[] {2, 4}, new float[] {
        1.75f, -0.625f, 0.375f, 0.1f,
        -3.5f, 1.25f, 0.2f, 3.0f});
    QuantizedTensor q = WeightQuantizer.quantize("fc.weight", w, WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC);
    assertThat(q.scales()).containsExactly(0.25f, 0.5f);
    assertThat(q.zeroPoints()).containsExactly(0, 0);
    assertThat(q.qmin()).isEqualTo(-7);
    assertThat(q.qmax()).isEqualTo(7);
    // -0.625/0.25 = -2.5 -> -2 and 0.375/0.25 = 1.5 -> 2 (half to even); 0.1/0.25 = 0.4 -> 0;
    // 1.25/0.5 = 2.5 -> 2; 0.2/0.5 = 0.4 -> 0; 3/0.5 = 6.
    assertThat(q.codes()).containsExactly(7, -2, 2, 0, -7, 2, 0, 6);
    assertThat(q.dequantize().values()).containsExactly(
        1.75f, -0.5f, 0.5f, 0f,
        -3.5f, 1.0f, 0f, 3.0f);
  }

  @Test
  void perTensorUsesOneScaleForAllRows() {
    Tensor w = new Tensor(new int[] {2, 2}, new float[] {0.7f, -0.35f, -3.5f, 1.75f});
    QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(4), Granularity.PER_TENSOR, QuantizationScheme.SYMMETRIC);
    // One scale 3.5 / 7 = 0.5: 0.7 -> 1.4 -> 1; -0.35 -> -0.7 -> -1; -7; 3.5 -> 4 (half to even).
    assertThat(q.scales()).containsExactly(0.5f);
    assertThat(q.codes()).containsExactly(1, -1, -7, 4);
    assertThat(q.dequantize().values()).containsExactly(0.5f, -0.5f, -3.5f, 2.0f);
  }

  @Test
  void affineByHandWithAnExactZero() {
    // [lo, hi] = [-1, 2] at 2 bits: scale 3 / 3 = 1, zero-point rint(1 / 1) = 1, codes 0..3.
    Tensor a = new Tensor(new int[] {1, 4}, new float[] {-1f, 0f, 2f, 0.5f});
    QuantizedTensor q = WeightQuantizer.quantize("a", a, WeightPrecision.ofBits(2), Granularity.PER_TENSOR, QuantizationScheme.AFFINE);
    assertThat(q.scales()).containsExactly(1f);
    assertThat(q.zeroPoints()).containsExactly(1);
    assertThat(q.codes()).containsExactly(0, 1, 3, 1); // 0.5 -> rint(0.5) = 0, + 1
    assertThat(q.dequantize().values()).containsExactly(-1f, 0f, 2f, 0f);
    // All positive: the range is widened to [0, 3], so zero-point 0 and 0 stays exact.
    Tensor b = new Tensor(new int[] {1, 3}, new float[] {1.5f, 1f, 3f});
    QuantizedTensor qb = WeightQuantizer.quantize("b", b, WeightPrecision.ofBits(2), Granularity.PER_TENSOR, QuantizationScheme.AFFINE);
    assertThat(qb.zeroPoints()).containsExactly(0);
    assertThat(qb.codes()).containsExactly(2, 1, 3); // 1.5 -> 2 (half to even)
    assertThat(qb.dequantize().values()).containsExactly(2f, 1f, 3f);
  }

  @Test
  void atMostTwoToTheBitsValuesPerChannel() {
    Random random = new Random(3);
    float[] values = new float[64 * 200];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * (1 + i / 200));
    }
    Tensor w = new Tensor(new int[] {64, 200}, values);
    for (int bits = 2; bits <= 8; bits++) {
      for (QuantizationScheme scheme : QuantizationScheme.values()) {
        for (Granularity g : Granularity.values()) {
          QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(bits), g, scheme);
          float[] dq = q.dequantize().values();
          int[] codes = q.codes();
          Set<Float> all = new HashSet<>();
          for (int c = 0; c < 64; c++) {
            Set<Float> distinct = new HashSet<>();
            for (int i = c * 200; i < (c + 1) * 200; i++) {
              distinct.add(dq[i]);
              all.add(dq[i]);
              assertThat(codes[i]).isBetween(q.qmin(), q.qmax());
            }
            assertThat(distinct.size()).as("%d bits %s %s channel %d", bits, scheme, g, c).isLessThanOrEqualTo(1 << bits);
          }
          if (g == Granularity.PER_TENSOR) {
            assertThat(all.size()).isLessThanOrEqualTo(1 << bits);
          }
          // Rounding error is at most half a step inside the range.
          float[] scales = q.scales();
          for (int i = 0; i < values.length; i++) {
            float scale = scales[g == Granularity.PER_TENSOR ? 0 : i / 200];
            assertThat(Math.abs(dq[i] - values[i])).isLessThanOrEqualTo(scale * 0.5f * 1.0001f);
          }
        }
      }
    }
  }

  @Test
  void prunedZerosStayZeroInEveryFormat() {
    Random random = new Random(5);
    float[] values = new float[32 * 50];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3 == 0 ? 0f : (float) (random.nextGaussian() + 0.3);
    }
    Tensor w = new Tensor(new int[] {32, 50}, values);
    List<WeightPrecision> precisions = new java.util.ArrayList<>();
    for (int bits = 2; bits <= 16; bits++) {
      precisions.add(WeightPrecision.ofBits(bits));
    }
    precisions.add(WeightPrecision.fp16());
    for (WeightPrecision precision : precisions) {
      for (QuantizationScheme scheme : QuantizationScheme.values()) {
        for (Granularity g : Granularity.values()) {
          float[] dq = WeightQuantizer.quantize("w", w, precision, g, scheme).dequantize().values();
          for (int i = 0; i < values.length; i += 3) {
            assertThat(dq[i]).as("%s %s %s at %d", precision, scheme, g, i).isZero();
          }
        }
      }
    }
  }

  @Test
  void anAllZeroChannelStaysZeroWithAFiniteScale() {
    Tensor w = new Tensor(new int[] {2, 2}, new float[] {0f, 0f, 1f, -1f});
    for (QuantizationScheme scheme : QuantizationScheme.values()) {
      QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(8), Granularity.PER_CHANNEL, scheme);
      assertThat(q.scales()[0]).isEqualTo(1f);
      assertThat(q.dequantize().values()[0]).isZero();
      assertThat(q.dequantize().values()[1]).isZero();
    }
  }

  @Test
  void sixteenBitsIsWithinHalfAStepOfFloat() {
    Tensor w = new Tensor(new int[] {1, 3}, new float[] {0.123456f, -1f, 0.5f});
    QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(16), Granularity.PER_TENSOR, QuantizationScheme.SYMMETRIC);
    assertThat(q.qmax()).isEqualTo(32767);
    assertThat(q.dequantize().values()[0]).isCloseTo(0.123456f, org.assertj.core.api.Assertions.within(0.5f / 32767 + 1e-7f));
  }

  @Test
  void halfPrecisionRoundsAsPyTorchDoes() {
    TorchRuntime.ensureConfigured();
    Random random = new Random(7);
    float[] values = new float[20_000];
    for (int i = 0; i < values.length; i++) {
      double magnitude = Math.pow(2, random.nextInt(44) - 30);
      values[i] = (float) (random.nextGaussian() * magnitude);
    }
    float[] edges = {0f, -0f, 65504f, 65519.99f, 65520f, -70000f, 1e-8f, 3e-8f, 5.9604645e-8f, 2.9802322e-8f,
        6.1035156e-5f, 6.1e-5f, 1f / 3, 2049f, 2051f, 1.00048828125f, Float.MIN_VALUE, Float.POSITIVE_INFINITY};
    System.arraycopy(edges, 0, values, 0, edges.length);
    float[] torch;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(values);
      torch = a.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
    }
    for (int i = 0; i < values.length; i++) {
      assertThat(Float.floatToIntBits(HalfPrecision.round(values[i])))
          .as("half of %s (%s)", values[i], Float.toHexString(values[i]))
          .isEqualTo(Float.floatToIntBits(torch[i]));
    }
  }

  @Test
  void bitWidthsOutsideTwoToSixteenAreRefused() {
    assertThatThrownBy(() -> WeightPrecision.parse("1", "--bits")).isInstanceOf(InvalidInputException.class).hasMessageContaining("--bits");
    assertThatThrownBy(() -> WeightPrecision.parse("17", "--bits")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WeightPrecision.parse("int8", "--bits")).isInstanceOf(InvalidInputException.class);
    assertThat(WeightPrecision.parse("32", "x").kind()).isEqualTo(WeightPrecision.Kind.FLOAT32);
    assertThat(WeightPrecision.parse("fp16", "x").kind()).isEqualTo(WeightPrecision.Kind.FP16);
    assertThat(WeightPrecision.parse("6", "x").bits()).isEqualTo(6);
  }
}
