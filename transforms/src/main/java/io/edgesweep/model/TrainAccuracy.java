package io.edgesweep.model;

import ai.djl.ndarray.NDArray;

/**
 * How many examples of a batch the logits classify correctly, for the training accuracy an epoch
 * reports.
 *
 * <p>Counted in Java from one copy of the logits and one of the labels: as four libtorch ops
 * ({@code argMax}, {@code eq}, {@code sum}, {@code getLong}) per step it cost about 7% of a
 * distillation step of mlp:784-100-10 (bench/TrainingLoopBenchmark.java, 1.32 against 1.23 ms),
 * for a figure no gradient depends on. The arg-max is libtorch's: the first of equal maxima, and a
 * NaN counts as the maximum (the first NaN wins), so the count is the one the ops gave.
 */
public final class TrainAccuracy {
  private TrainAccuracy() {}

  /**
   * @param logits float32 [B, K]
   * @param labels int64 [B]
   */
  public static long correct(NDArray logits, NDArray labels) {
    float[] scores = logits.toFloatArray();
    long[] truth = labels.toLongArray();
    int classes = (int) logits.getShape().get(1);
    long correct = 0;
    for (int row = 0; row < truth.length; row++) {
      if (argMax(scores, row * classes, classes) == truth[row]) {
        correct++;
      }
    }
    return correct;
  }

  /** libtorch's arg-max of {@code classes} values from {@code base}. */
  static int argMax(float[] values, int base, int classes) {
    int best = 0;
    float bestValue = values[base];
    for (int c = 1; c < classes && !Float.isNaN(bestValue); c++) {
      float v = values[base + c];
      if (Float.isNaN(v) || v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    return best;
  }
}
