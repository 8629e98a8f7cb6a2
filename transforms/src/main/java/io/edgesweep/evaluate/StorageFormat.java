package io.edgesweep.evaluate;

import io.edgesweep.spec.Names;

/**
 * How a weight tensor's values are laid out on disk or in flash.
 *
 * <p>The byte counts of each are defined in {@link StorageSize} and in {@code docs/cost-model.md}.
 * Declaration order is the tie-break when two formats need the same bytes: the simpler one wins.
 */
public enum StorageFormat {
  /** Every value at the weight bit width. */
  DENSE,
  /** One bit per position saying whether it is non-zero, then the non-zero values. */
  BITMAP,
  /**
   * Compressed sparse rows with relative column indices of a fixed width, filler zeros where a gap
   * does not fit the index width (Han, Mao and Dally, Deep Compression, ICLR 2016, section 2).
   */
  CSR;

  public String yamlName() {
    return Names.of(this);
  }

  static StorageFormat parse(String text, String source, String field) {
    return Names.parse(StorageFormat.class, text, source, field, "storage format");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
