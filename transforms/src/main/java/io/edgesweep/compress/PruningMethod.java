package io.edgesweep.compress;

import io.edgesweep.spec.Names;

/**
 * Which weights a pruning ratio removes, in the names a sweep spec and the lineage use.
 *
 * <p>The two magnitude methods leave the architecture as it is and zero weights (the model gets
 * smaller only in a sparse format); structured pruning removes whole neurons or channels, so the
 * model gets narrower and faster on any hardware.
 */
public enum PruningMethod {
  /** Unstructured: the smallest |w| over all weight tensors together (one global threshold). */
  MAGNITUDE_GLOBAL,
  /** Unstructured: the same fraction of smallest |w| in every weight tensor. */
  MAGNITUDE_PER_LAYER,
  /** Structured: hidden neurons / conv channels with the smallest L2 norm, removed for real. */
  STRUCTURED_L2;

  /** The name in specs, commands and lineage. */
  public String id() {
    return Names.of(this);
  }

  public boolean structured() {
    return this == STRUCTURED_L2;
  }

  /** Reads a method by its id (case-insensitive). */
  public static PruningMethod parse(String text, String source) {
    return Names.parse(PruningMethod.class, text, source, "method", "pruning method");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
