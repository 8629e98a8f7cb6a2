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
 * <p>The teacher's softmax and its entropy term Σ p·log p are computed in double in Java, once
 * per temperature ({@link SoftTargets}; they are constants for the student's gradient); the
 * student's side stays in DJL so that autograd sees it; every scalar goes in as a float, since a
 * Java double would promote the loss to float64. {@link #reference} computes the same value all in double, for tests and for anyone
 * checking a number.
 */
public final class DistillationLoss implements TrainingLoop.BatchLoss {
  private final TeacherLogits teacher;
  private final Double temperature;
  private final double alpha;
  /** The teacher's softened distribution per example; null without a soft term. */
  private final SoftTargets softTargets;

  /**
   * @param teacher the teacher's logits on the split the batches come from; may be null only
   *     when {@code temperature} is null or {@code alpha} is 0
   */
  public DistillationLoss(TeacherLogits teacher, Double temperature, double alpha) {
    if (temperature != null && alpha != 0 && teacher == null) {
      throw new IllegalArgumentException("distillation at T=" + temperature + " needs the teacher's logits");
    }
    this.teacher = teacher;
    this.temperature = temperature;
    this.alpha = alpha;
    this.softTargets = temperature != null && alpha != 0 ? teacher.softened(temperature) : null;
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
    if (softTargets == null) {
      return crossEntropy;
    }
    if (teacher.classes() != classes) {
      throw new IllegalArgumentException("teacher logits have " + teacher.classes() + " classes, the student gives " + classes);
    }
    int[] indices = batch.indices();
    float[] teacherProbabilities = new float[indices.length * classes];
    double negativeEntropy = 0;
    for (int i = 0; i < indices.length; i++) {
      negativeEntropy += softTargets.negativeEntropy(indices[i]);
      softTargets.copyRow(indices[i], teacherProbabilities, i * classes);
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

  static void logSoftmax(float[] logits, int base, int classes, double temperature, double[] out) {
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
