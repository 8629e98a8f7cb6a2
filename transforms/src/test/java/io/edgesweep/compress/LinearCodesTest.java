package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.model.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The linear formats' bundle layouts, worked by hand, and the codebook's beside them. */
class LinearCodesTest {
  @Test
  void twosComplementRoundTripsSignedCodes() {
    for (int bits = 2; bits <= 16; bits++) {
      int max = (1 << (bits - 1)) - 1;
      for (int q : new int[] {-max, -1, 0, 1, max}) {
        int pattern = LinearCodes.toTwosComplement(q, bits);
        assertThat(pattern).isBetween(0, (1 << bits) - 1);
        assertThat(LinearCodes.fromTwosComplement(pattern, bits)).isEqualTo(q);
      }
    }
    assertThat(LinearCodes.toTwosComplement(-1, 4)).isEqualTo(0xF);
  }

  @Test
  void aSymmetricLayerByHand() {
    // Row 0: 0.4 0 -0.2 0.1 (max 0.4, 3 bits: s = 0.4/3), row 1: 0 0 0.6 -0.6 (s = 0.2).
    Tensor w = new Tensor(new int[] {2, 4}, new float[] {0.4f, 0f, -0.2f, 0.1f, 0f, 0f, 0.6f, -0.6f});
    QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(3), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC);
    CodeLayout.Packed packed = LinearCodes.of(q);
    // Codes 3 0 -2 1 | 0 0 3 -3 as 3-bit two's complement: -2 = 0b110, -3 = 0b101.
    assertThat(packed.codes()).containsExactly(3, 0, 6, 1, 0, 0, 3, 5);
    CodeLayout layout = packed.layout();
    assertThat(layout.code()).isEqualTo("signed");
    assertThat(layout.channels()).isEqualTo(2);
    assertThat(layout.describe(2)).isEqualTo("int3 per-channel symmetric");
    assertThat(layout.value(5, 7)).isEqualTo(q.dequantize().values()[7]);
    assertThat(layout.sideArrays()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo(LinearCodes.SCALES);
      assertThat(a.bits()).isEqualTo(32);
      assertThat(Float.intBitsToFloat(a.values()[1])).isEqualTo(0.2f);
    });
    assertThat(readBack(layout, 8).value(5, 7)).isEqualTo(layout.value(5, 7));
    assertThatThrownBy(() -> layout.value(8, 0)).hasMessageContaining("does not fit 3 bits");
  }

  @Test
  void anAffineLayerReadsItsZeroPointsBack() {
    Tensor w = new Tensor(new int[] {1, 4}, new float[] {-0.1f, 0f, 0.2f, 0.5f});
    QuantizedTensor q = WeightQuantizer.quantize("w", w, WeightPrecision.ofBits(4), Granularity.PER_TENSOR, QuantizationScheme.AFFINE);
    CodeLayout layout = LinearCodes.of(q).layout();
    assertThat(layout.sideArrays()).extracting(CodeLayout.SideArray::name).containsExactly(LinearCodes.SCALES, LinearCodes.ZERO_POINTS);
    // s = 0.6/15 = 0.04, z = rint(0.1/0.04) = 2 (round half to even of 2.5): the code of 0.0.
    assertThat(layout.zeroCode(3)).isEqualTo(2).isEqualTo(q.zeroPoints()[0]);
    CodeLayout back = readBack(layout, 4);
    for (int i = 0; i < 4; i++) {
      assertThat(back.value(q.codes()[i], i)).isEqualTo(q.dequantize().values()[i]);
    }
  }

  @Test
  void aCodebookLayoutIsFoundBesideTheLinearOnes() {
    CodeLayout layout = CodebookFormat.pack("w", new Tensor(new int[] {1, 3}, new float[] {0.5f, 0f, -0.5f}),
        new float[] {-0.5f, 0.5f}).layout();
    assertThat(layout.code()).isEqualTo("codebook");
    assertThat(layout.valueBits(true)).isEqualTo(2);
    assertThat(layout.valueBits(false)).isEqualTo(1);
    assertThat(new CodebookStage().codeReaders()).extracting(CodeLayout.Reader::code).containsExactly("codebook");
    assertThat(readBack(layout, 3, new CodebookStage().codeReaders()).value(1, 0)).isEqualTo(0.5f);
    assertThatThrownBy(() -> layout.value(3, 0)).hasMessageContaining("outside 0..2");
  }

  private static CodeLayout readBack(CodeLayout layout, int positions) {
    return readBack(layout, positions, LinearCodes.READERS);
  }

  /** Writes the side arrays as unpacked values and reads the layout back through its reader. */
  private static CodeLayout readBack(CodeLayout layout, int positions, List<CodeLayout.Reader> readers) {
    Map<String, int[]> arrays = new HashMap<>();
    layout.sideArrays().forEach(a -> arrays.put(a.name(), a.values()));
    CodeLayout.Reader reader = readers.stream().filter(r -> r.code().equals(layout.code())).findFirst().orElseThrow();
    return reader.read(layout.bits(), layout.channels(), positions, (name, count, bits) -> {
      assertThat(arrays).containsKey(name);
      assertThat(arrays.get(name)).hasSize(count);
      return arrays.get(name);
    });
  }
}
