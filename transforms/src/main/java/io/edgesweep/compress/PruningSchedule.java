package io.edgesweep.compress;

import io.edgesweep.spec.Names;

/**
 * When the weights are removed relative to the fine-tune epochs.
 *
 * <p>{@link #ONE_SHOT} prunes to the final ratio once, then fine-tunes with that mask fixed, as
 * the design's semantics say. {@link #GRADUAL} spreads the removal over the fine-tune with Zhu and
 * Gupta's cubic schedule (2017, "To prune, or not to prune"): before epoch e of n the sparsity is
 * s·(1 − (1 − e/n)³), so the model reaches the final ratio s at the start of the last epoch and
 * trains that epoch with the final mask fixed. Both give pruned weights that are exactly zero at
 * the end; gradual removal costs nothing extra and helps at high ratios, where one cut destroys
 * more than a short fine-tune can repair. Only unstructured methods have a gradual form here.
 */
public enum PruningSchedule {
  ONE_SHOT,
  GRADUAL;

  public String id() {
    return Names.of(this);
  }

  /** The sparsity to reach before epoch {@code epoch} (1-based) of {@code epochs}. */
  public double ratioBeforeEpoch(double finalRatio, int epoch, int epochs) {
    if (this == ONE_SHOT || epochs <= 0) {
      return finalRatio;
    }
    double remaining = 1.0 - (double) epoch / epochs;
    return finalRatio * (1.0 - remaining * remaining * remaining);
  }

  public static PruningSchedule parse(String text, String source) {
    return Names.parse(PruningSchedule.class, text, source, "schedule", "pruning schedule");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
