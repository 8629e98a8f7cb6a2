package io.edgesweep.compress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.data.ImageBatch;
import io.edgesweep.model.TorchScalars;
import io.edgesweep.model.TrainingLoop;

/**
 * The knowledge-distillation loss of one batch, as Hinton et al. (2015) define it.
 *
 * <p>loss = (1−α)·CE(y, s) + α·T²·KL(softmax(t/T) ‖ softmax(s/T)), where s are the student's
 * logits, t the teacher's for the same examples (joined by {@link ImageBatch#indices()}), CE the
 * mean softmax cross-entropy with the labels and KL the Kullback-Leibler divergence summed over
 * classes and averaged over the batch (PyTorch's {@code kl_div(..., reduction="batchmean")}). The
 * T² factor keeps the gradient of the soft term on the same scale as the hard one when T changes.
 * Without a temperature it is the cross-entropy alone.
 *
 * <p>The teacher's softmax and its entropy term Σ p·log p are computed in double in Java (they
 * are constants for the student's gradient); the student's side stays in DJL so that autograd
 * sees it; every scalar goes in as a float, since a Java double would promote the loss to
 * float64. {@link #reference} computes the same value all in double, for tests and for anyone
 * checking a number.
 */
public final class DistillationLoss implements TrainingLoop.BatchLoss {
  private final TeacherLogits teacher;
  private final Double temperature;
  private final double alpha;
  /**
   * softmax(t/T) of every example, as the float the loss multiplies, and each row's Σ p·log p:
   * computed once, since every epoch reads every row again (per batch they were a tenth of a step's
   * Java time). Null without a soft term.
   */
  private final float[] softTargets;
  private final double[] rowNegativeEntropy;

  /**
   * @param teacher the teacher's logits on the split the batches come from; may be null only
   *     when {@code temperature} is null or {@code alpha} is 0
   */
  public DistillationLoss(TeacherLogits teacher, Double temperature, double alpha) {
    if (temperature != null && alpha > 0 && teacher == null) {
      throw new IllegalArgumentException("distillation at T=" + temperature + " needs the teacher's logits");
    }
    this.teacher = teacher;
    this.temperature = temperature;
    this.alpha = alpha;
    if (temperature != null && alpha != 0) {
      int classes = teacher.classes();
      float[] logits = teacher.logits();
      softTargets = new float[teacher.examples() * classes];
      rowNegativeEntropy = new double[teacher.examples()];
      double[] row = new double[classes];
      for (int e = 0; e < teacher.examples(); e++) {
        rowNegativeEntropy[e] = softenedRow(logits, e * classes, classes, temperature, row);
        for (int c = 0; c < classes; c++) {
          softTargets[e * classes + c] = (float) row[c];
        }
      }
    } else {
      softTargets = null;
      rowNegativeEntropy = null;
    }
  }

  /** The loss the settings ask for: KD with the teacher's logits, or labels only. */
  public static DistillationLoss of(DistillationSettings settings, TeacherLogits teacher) {
    return new DistillationLoss(teacher, settings.temperature(), settings.alpha());
  }

  @Override
  public NDArray loss(NDArray logits, ImageBatch batch) {
    int classes = (int) logits.getShape().get(1);
    NDArray oneHot = batch.labels().oneHot(classes);
    // Scalars through TorchScalars: autograd keeps them for the backward pass (see there).
    NDArray crossEntropy = TorchScalars.div(logits.logSoftmax(1).mul(oneHot).sum().neg(), batch.size());
    if (temperature == null || alpha == 0) {
      return crossEntropy;
    }
    if (teacher.classes() != classes) {
      throw new IllegalArgumentException("teacher logits have " + teacher.classes() + " classes, the student gives " + classes);
    }
    int[] indices = batch.indices();
    float[] teacherProbabilities = new float[indices.length * classes];
    double negativeEntropy = 0;
    for (int i = 0; i < indices.length; i++) {
      negativeEntropy += rowNegativeEntropy[indices[i]];
      System.arraycopy(softTargets, indices[i] * classes, teacherProbabilities, i * classes, classes);
    }
    NDManager manager = batch.images().getManager();
    NDArray p = manager.create(teacherProbabilities, new Shape(indices.length, classes));
    NDArray studentLogProbabilities = TorchScalars.div(logits, (float) (double) temperature).logSoftmax(1);
    NDArray kl = TorchScalars.div(TorchScalars.add(p.mul(studentLogProbabilities).sum().neg(), (float) negativeEntropy), batch.size());
    return TorchScalars.mul(crossEntropy, (float) (1 - alpha)).add(TorchScalars.mul(kl, (float) (alpha * temperature * temperature)));
  }

  /**
   * The same loss in double precision over plain arrays.
   *
   * @param student student logits, B rows of K
   * @param teacher teacher logits for the same B examples, B rows of K (unused without temperature)
   * @param labels B true classes
   * @param temperature T, or null for labels only
   */
  public static double reference(float[] student, float[] teacher, int[] labels, int classes, Double temperature, double alpha) {
    int batch = labels.length;
    double crossEntropy = 0;
    double kl = 0;
    double[] p = new double[classes];
    double[] q = new double[classes];
    for (int i = 0; i < batch; i++) {
      int base = i * classes;
      logSoftmax(student, base, classes, 1.0, q);
      crossEntropy -= q[labels[i]];
      if (temperature != null) {
        logSoftmax(teacher, base, classes, temperature, p);
        logSoftmax(student, base, classes, temperature, q);
        for (int c = 0; c < classes; c++) {
          kl += Math.exp(p[c]) * (p[c] - q[c]);
        }
      }
    }
    crossEntropy /= batch;
    kl /= batch;
    if (temperature == null) {
      return crossEntropy;
    }
    return (1 - alpha) * crossEntropy + alpha * temperature * temperature * kl;
  }

  /** Writes softmax(row / T) into {@code out} and returns Σ p·log p (0·log 0 taken as 0). */
  private static double softenedRow(float[] logits, int base, int classes, double temperature, double[] out) {
    logSoftmax(logits, base, classes, temperature, out);
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

  private static void logSoftmax(float[] logits, int base, int classes, double temperature, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits[base + c] / temperature);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(logits[base + c] / temperature - max);
    }
    double logSum = Math.log(sum) + max;
    for (int c = 0; c < classes; c++) {
      out[c] = logits[base + c] / temperature - logSum;
    }
  }
}
