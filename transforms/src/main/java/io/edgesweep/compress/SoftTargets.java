package io.edgesweep.compress;

/**
 * The teacher's softened distribution softmax(t/T) on every example of the train split, as the
 * floats the KD loss multiplies, and each example's Σ p·log p, in double.
 *
 * <p>Computed once per teacher and temperature ({@link TeacherLogits#softened}), not per batch:
 * every epoch of every student and KD fine-tune reads every row again, and per batch this was a
 * tenth of a training step's Java time. The values are the ones the per-batch code computed, so
 * the loss keeps its bits.
 */
final class SoftTargets {
  private final int classes;
  private final float[] probabilities;
  private final double[] negativeEntropy;

  private SoftTargets(int classes, float[] probabilities, double[] negativeEntropy) {
    this.classes = classes;
    this.probabilities = probabilities;
    this.negativeEntropy = negativeEntropy;
  }

  static SoftTargets of(float[] logits, int examples, int classes, double temperature) {
    float[] probabilities = new float[examples * classes];
    double[] negativeEntropy = new double[examples];
    double[] row = new double[classes];
    for (int e = 0; e < examples; e++) {
      negativeEntropy[e] = softenedRow(logits, e * classes, classes, temperature, row);
      for (int c = 0; c < classes; c++) {
        probabilities[e * classes + c] = (float) row[c];
      }
    }
    return new SoftTargets(classes, probabilities, negativeEntropy);
  }

  /** Σ p·log p of example {@code example}'s softened distribution. */
  double negativeEntropy(int example) {
    return negativeEntropy[example];
  }

  /** Copies example {@code example}'s softened distribution into {@code target} at {@code offset}. */
  void copyRow(int example, float[] target, int offset) {
    System.arraycopy(probabilities, example * classes, target, offset, classes);
  }

  /** Writes softmax(row / T) into {@code out} and returns Σ p·log p (0·log 0 taken as 0). */
  private static double softenedRow(float[] logits, int base, int classes, double temperature, double[] out) {
    DistillationLoss.logSoftmax(logits, base, classes, temperature, out);
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      double logP = out[c];
      out[c] = Math.exp(logP);
      if (out[c] > 0) {
        sum += out[c] * logP;
      }
    }
    return sum;
  }
}
