package io.edgesweep.evaluate;

import io.edgesweep.model.Tensor;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Where the zeros of one weight tensor are, summarised as much as the size arithmetic needs.
 *
 * <p>The weight is seen as a matrix of {@code rows} output channels by {@code rowLength} values
 * (a convolution's {@code [out, in, k, k]} flattened per filter, as PyTorch lays it out). Dense
 * and bitmap sizes need only the non-zero count; CSR with relative indices needs the gaps between
 * non-zeros, because a gap wider than the index can express costs filler entries. The gaps are
 * kept as a histogram, so any index width can be priced later, per device, without the tensor.
 *
 * <p>A gap is measured within a row: the first non-zero at column {@code c} has gap {@code c + 1}
 * (as if a previous entry sat at column -1), each later one the difference of their columns.
 */
public final class WeightSparsity implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long rows;
  private final long rowLength;
  private final long nonZeros;
  private final long[] gaps;
  private final long[] gapCounts;

  private WeightSparsity(long rows, long rowLength, long nonZeros, long[] gaps, long[] gapCounts) {
    if (rows <= 0 || rowLength <= 0) {
      throw new IllegalArgumentException("a weight needs at least one row and one column, got " + rows + "x" + rowLength);
    }
    this.rows = rows;
    this.rowLength = rowLength;
    this.nonZeros = nonZeros;
    this.gaps = gaps;
    this.gapCounts = gapCounts;
  }

  /** Counts the zeros of a weight tensor whose first axis is the output channel. */
  public static WeightSparsity of(Tensor weight) {
    if (weight.rank() == 0 || weight.dim(0) == 0) {
      throw new IllegalArgumentException("weight " + weight + " has no output channels");
    }
    return of(weight.dim(0), weight.sliceSize(), weight.values());
  }

  /** Counts the zeros of a row-major {@code rows x rowLength} matrix. */
  public static WeightSparsity of(int rows, int rowLength, float[] values) {
    if ((long) rows * rowLength != values.length) {
      throw new IllegalArgumentException(rows + "x" + rowLength + " needs " + (long) rows * rowLength + " values, got " + values.length);
    }
    // A gap is 1..rowLength: counted in an array (a boxed map per non-zero was a tenth of a wide
    // grid's evaluation), then kept for the gaps that occur, in increasing order.
    long[] histogram = new long[rowLength + 1];
    long nonZeros = 0;
    for (int r = 0; r < rows; r++) {
      int previous = -1;
      int base = r * rowLength;
      for (int c = 0; c < rowLength; c++) {
        if (values[base + c] != 0f) {
          histogram[c - previous]++;
          previous = c;
          nonZeros++;
        }
      }
    }
    int distinct = 0;
    for (long count : histogram) {
      if (count > 0) {
        distinct++;
      }
    }
    long[] gaps = new long[distinct];
    long[] counts = new long[distinct];
    int i = 0;
    for (int gap = 1; gap < histogram.length; gap++) {
      if (histogram[gap] > 0) {
        gaps[i] = gap;
        counts[i++] = histogram[gap];
      }
    }
    return new WeightSparsity(rows, rowLength, nonZeros, gaps, counts);
  }

  /** A weight with no zeros: what a model looks like before pruning, without reading its values. */
  public static WeightSparsity dense(long rows, long rowLength) {
    return new WeightSparsity(rows, rowLength, rows * rowLength, new long[] {1}, new long[] {rows * rowLength});
  }

  public long rows() {
    return rows;
  }

  public long rowLength() {
    return rowLength;
  }

  /** Positions in the weight: rows times row length. */
  public long positions() {
    return rows * rowLength;
  }

  public long nonZeros() {
    return nonZeros;
  }

  /** Fraction of positions that are zero. */
  public double sparsity() {
    return 1.0 - (double) nonZeros / positions();
  }

  /**
   * Filler zeros CSR needs when relative indices are {@code indexBits} wide.
   *
   * <p>An index stores {@code gap - 1}, so it reaches gaps up to {@code 2^indexBits}; a gap
   * {@code d} beyond that is bridged by {@code ceil(d / 2^indexBits) - 1} explicit zero entries,
   * each one index step of {@code 2^indexBits} (Han et al., Deep Compression, figure 2).
   */
  public long csrFillers(int indexBits) {
    if (indexBits < 1 || indexBits > 31) {
      throw new IllegalArgumentException("CSR index bits must be 1 to 31, got " + indexBits);
    }
    long reach = 1L << indexBits;
    long fillers = 0;
    for (int i = 0; i < gaps.length; i++) {
      fillers += gapCounts[i] * ((gaps[i] - 1) / reach);
    }
    return fillers;
  }

  /** Entries CSR stores: the non-zeros plus the fillers. */
  public long csrEntries(int indexBits) {
    return nonZeros + csrFillers(indexBits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightSparsity s && rows == s.rows && rowLength == s.rowLength && nonZeros == s.nonZeros
        && Arrays.equals(gaps, s.gaps) && Arrays.equals(gapCounts, s.gapCounts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rows) * 31 + Long.hashCode(nonZeros) * 17 + Arrays.hashCode(gaps);
  }

  @Override
  public String toString() {
    return rows + "x" + rowLength + ", " + nonZeros + " non-zero";
  }
}
