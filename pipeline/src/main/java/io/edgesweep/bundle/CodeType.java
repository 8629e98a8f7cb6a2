package io.edgesweep.bundle;

import io.edgesweep.InvalidInputException;

/**
 * How the bits of one stored weight value are read.
 *
 * <p>Symmetric integer codes are signed (two's complement at the weight width, zero-point 0);
 * affine ones are unsigned with a zero-point per scale; fp16 values are IEEE half patterns and
 * fp32 values IEEE single patterns, both without scales. Codebook values are indices into the
 * layer's table of 2^b float32 centroids, the index 2^b (where stored) standing for 0.0.
 */
public enum CodeType {
  SIGNED("signed"),
  UNSIGNED("unsigned"),
  FP16("fp16"),
  FP32("fp32"),
  CODEBOOK("codebook");

  private final String id;

  CodeType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public boolean isInteger() {
    return this == SIGNED || this == UNSIGNED;
  }

  static CodeType parse(String text, String source) {
    for (CodeType t : values()) {
      if (t.id.equals(text)) {
        return t;
      }
    }
    throw new InvalidInputException(source, "code", "'" + text + "' is none of signed, unsigned, fp16, fp32, codebook");
  }

  @Override
  public String toString() {
    return id;
  }
}
