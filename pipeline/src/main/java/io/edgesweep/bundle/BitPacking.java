package io.edgesweep.bundle;

/**
 * Packs unsigned b-bit values into bytes and back, least significant bit first.
 *
 * <p>Value i occupies bits [i·b, (i+1)·b) of the array, where bit k of the array is bit k mod 8 of
 * byte k / 8. So 4-bit values 0x3, 0xA pack into the single byte 0xA3, and 32-bit or 16-bit values
 * come out as little-endian words. The last byte is padded with zero bits, which is the per-array
 * rounding up to whole bytes that the cost model counts.
 */
public final class BitPacking {
  private BitPacking() {}

  /** Bytes that {@code count} values of {@code bits} bits take: the bit count rounded up. */
  public static long bytes(long count, int bits) {
    return (count * bits + 7) / 8;
  }

  /** Packs the low {@code bits} bits of each value; higher bits must be zero. */
  public static byte[] pack(int[] values, int bits) {
    checkBits(bits);
    byte[] out = new byte[Math.toIntExact(bytes(values.length, bits))];
    long mask = bits == 32 ? 0xFFFFFFFFL : (1L << bits) - 1;
    long buffer = 0;
    int filled = 0;
    int at = 0;
    for (int i = 0; i < values.length; i++) {
      long v = values[i] & 0xFFFFFFFFL;
      if ((v & ~mask) != 0) {
        throw new IllegalArgumentException("value " + values[i] + " at " + i + " does not fit " + bits + " bits");
      }
      buffer |= v << filled;
      filled += bits;
      while (filled >= 8) {
        out[at++] = (byte) buffer;
        buffer >>>= 8;
        filled -= 8;
      }
    }
    if (filled > 0) {
      out[at] = (byte) buffer;
    }
    return out;
  }

  /** Unpacks {@code count} unsigned values of {@code bits} bits starting at byte {@code offset}. */
  public static int[] unpack(byte[] data, int offset, int count, int bits) {
    checkBits(bits);
    if (offset < 0 || offset + bytes(count, bits) > data.length) {
      throw new IllegalArgumentException(count + " values of " + bits + " bits at byte " + offset + " run past the end of " + data.length + " bytes");
    }
    int[] out = new int[count];
    long mask = bits == 32 ? 0xFFFFFFFFL : (1L << bits) - 1;
    long buffer = 0;
    int filled = 0;
    int at = offset;
    for (int i = 0; i < count; i++) {
      while (filled < bits) {
        buffer |= (data[at++] & 0xFFL) << filled;
        filled += 8;
      }
      out[i] = (int) (buffer & mask);
      buffer >>>= bits;
      filled -= bits;
    }
    return out;
  }

  private static void checkBits(int bits) {
    if (bits < 1 || bits > 32) {
      throw new IllegalArgumentException("bits must be 1 to 32, got " + bits);
    }
  }
}
