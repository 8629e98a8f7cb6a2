package io.edgesweep.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitPackingTest {
  @Test
  void packsLeastSignificantBitFirstAndPadsTheLastByte() {
    assertThat(BitPacking.pack(new int[] {0x3, 0xA}, 4)).containsExactly((byte) 0xA3);
    // 3-bit values 1, 2, 7: bits 001 010 111 from the low end = 0b1_1101_0001 -> bytes 0xD1, 0x01.
    assertThat(BitPacking.pack(new int[] {1, 2, 7}, 3)).containsExactly((byte) 0xD1, (byte) 0x01);
    assertThat(BitPacking.pack(new int[] {0x04030201}, 32)).containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4);
    assertThat(BitPacking.bytes(3, 4)).isEqualTo(2);
  }

  @Test
  void unpackInvertsPackAtEveryWidth() {
    Random random = new Random(3);
    for (int bits = 1; bits <= 32; bits++) {
      int[] values = new int[101];
      for (int i = 0; i < values.length; i++) {
        values[i] = (int) (random.nextLong() & ((1L << bits) - 1));
      }
      byte[] packed = BitPacking.pack(values, bits);
      assertThat(packed).hasSize((int) BitPacking.bytes(values.length, bits));
      assertThat(BitPacking.unpack(packed, 0, values.length, bits)).as("%d bits", bits).containsExactly(values);
    }
  }

  @Test
  void refusesValuesWiderThanTheWidthAndReadsPastTheEnd() {
    assertThatThrownBy(() -> BitPacking.pack(new int[] {16}, 4)).hasMessageContaining("does not fit 4 bits");
    assertThatThrownBy(() -> BitPacking.unpack(new byte[1], 0, 3, 4)).hasMessageContaining("run past the end");
  }
}
