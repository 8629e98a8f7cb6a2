package io.edgesweep.compress;

import java.util.List;

/**
 * The bundle's side of a number format: what one layer's codes mean, and the side arrays (scales,
 * zero-points, a codebook) a device needs beside them, as a format writes and reads them.
 *
 * <p>{@link WeightFormat} prices a format; this lays one layer of it out. The bundle's sparse
 * layouts (dense, bitmap, CSR) store the codes a layout hands them at {@link #valueBits} each,
 * fill what they leave out with {@link #zeroCode}, and write {@link #sideArrays} after the
 * positions; they never name a format. A stage that brings a format returns its layer codes from
 * {@link StageKind#pack} and its {@link Reader} from {@link StageKind#codeReaders}, so the bundle
 * reads it back by its {@link #code()} in the manifest. The linear formats are {@link LinearCodes};
 * the codebook's is {@link CodebookFormat.Layout}.
 */
public interface CodeLayout {

  /** The manifest's {@code code} field, naming the layout, as in {@code signed}. */
  String code();

  /** The manifest's {@code bits}: bits of one code. */
  int bits();

  /** The manifest's {@code channels}: side values that give codes their values (scales, centroids); 0 for none. */
  int channels();

  /**
   * Bits of one stored value.
   *
   * @param storesZero whether the layout stores a value for some zero weight (a dense layer with
   *     zeros, CSR filler entries)
   */
  default int valueBits(boolean storesZero) {
    return bits();
  }

  /** The code that stands for 0.0 at a position (its channel's zero-point, say). */
  int zeroCode(int position);

  /**
   * The float32 weight a code stands for at a position, computed exactly as the stage computed
   * the weights it evaluated, so weights rebuilt from a bundle equal them bit for bit.
   *
   * @throws IllegalArgumentException when the code is not one of the layout's
   */
  float value(int code, int position);

  /** The arrays stored after the positions, in file order; an empty one is left out of the file. */
  List<SideArray> sideArrays();

  /** The manifest's {@code weights} summary, as in {@code int4 per-channel symmetric}. */
  String describe(int rows);

  /**
   * One array of unsigned values packed at a width.
   *
   * @param name its name in the manifest, as in {@code scales}
   */
  record SideArray(String name, int[] values, int bits) {}

  /** A layer's codes, one per weight position, row-major, with the layout that reads them. */
  record Packed(CodeLayout layout, int[] codes) {}

  /** The side arrays of one layer as read from a bundle. */
  @FunctionalInterface
  interface SideArrays {
    /**
     * Unpacks {@code count} values of {@code bits} bits from the array called {@code name}.
     *
     * @throws IllegalArgumentException when the layer has no such array or it is too short
     */
    int[] unpack(String name, int count, int bits);
  }

  /**
   * Reads the layouts of one {@link #code()} back from their manifest fields and side arrays.
   *
   * @param code the manifest's {@code code} it reads
   */
  record Reader(String code, Read read) {
    /**
     * @param positions weight positions of the layer
     * @throws IllegalArgumentException when the fields or arrays do not make a layout
     */
    public CodeLayout read(int bits, int channels, int positions, SideArrays arrays) {
      return read.read(bits, channels, positions, arrays);
    }
  }

  /** How a {@link Reader} builds a layout. */
  @FunctionalInterface
  interface Read {
    CodeLayout read(int bits, int channels, int positions, SideArrays arrays);
  }
}
