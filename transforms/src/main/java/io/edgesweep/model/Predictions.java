package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.edgesweep.data.BatchSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The class scores of a model on every example of a split, in split order, with the true labels.
 *
 * <p>Logits are kept rather than only the argmax so that loss, agreement with a teacher and any
 * later metric come from one forward pass.
 */
public final class Predictions {
  private final float[] logits;
  private final int[] labels;
  private final int classes;

  public Predictions(float[] logits, int[] labels, int classes) {
    if (logits.length != (long) labels.length * classes) {
      throw new IllegalArgumentException(logits.length + " logits for " + labels.length + " examples of " + classes + " classes");
    }
    this.logits = logits;
    this.labels = labels;
    this.classes = classes;
  }

  /** Runs {@code classifier} over {@code source} in file order. */
  public static Predictions of(Classifier classifier, BatchSource source, int batchSize) {
    TorchRuntime.ensureConfigured();
    int n = source.size();
    int classes = source.classCount();
    float[] logits = new float[n * classes];
    int[] labels = new int[n];
    try (NDManager manager = NDManager.newBaseManager()) {
      source.forEachBatch(manager, batchSize, null, batch -> {
        TorchRuntime.followRunningTasks();
        NDArray out = classifier.logits(batch.images().getManager(), batch.images());
        if (out.getShape().get(1) != classes) {
          throw new IllegalStateException("model gives " + out.getShape().get(1) + " scores per example, the data has " + classes + " classes");
        }
        float[] values = out.toFloatArray();
        long[] batchLabels = batch.labels().toLongArray();
        int[] indices = batch.indices();
        for (int i = 0; i < indices.length; i++) {
          System.arraycopy(values, i * classes, logits, indices[i] * classes, classes);
          labels[indices[i]] = (int) batchLabels[i];
        }
      });
    }
    return new Predictions(logits, labels, classes);
  }

  /**
   * Runs every variant of {@code variants} over {@code source} in file order, in one pass: each
   * batch is read once for all of them. Element v is what {@link #of(Classifier, BatchSource, int)}
   * gives for variant v, bit for bit.
   */
  public static List<Predictions> of(VariantBatch variants, BatchSource source, int batchSize) {
    TorchRuntime.ensureConfigured();
    int n = source.size();
    int classes = source.classCount();
    if (variants.architecture().classCount() != classes) {
      throw new IllegalStateException("model gives " + variants.architecture().classCount() + " scores per example, the data has " + classes + " classes");
    }
    float[][] logits = new float[variants.size()][n * classes];
    int[] labels = new int[n];
    try (NDManager manager = NDManager.newBaseManager()) {
      source.forEachBatch(manager, batchSize, null, batch -> {
        TorchRuntime.followRunningTasks();
        List<NDArray> out = variants.logits(batch.images().getManager(), batch.images());
        int[] indices = batch.indices();
        for (int v = 0; v < out.size(); v++) {
          float[] values = out.get(v).toFloatArray();
          for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, i * classes, logits[v], indices[i] * classes, classes);
          }
        }
        long[] batchLabels = batch.labels().toLongArray();
        for (int i = 0; i < indices.length; i++) {
          labels[indices[i]] = (int) batchLabels[i];
        }
      });
    }
    List<Predictions> result = new ArrayList<>();
    for (float[] values : logits) {
      result.add(new Predictions(values, labels, classes));
    }
    return result;
  }

  public int size() {
    return labels.length;
  }

  public int classes() {
    return classes;
  }

  public float[] logits() {
    return logits;
  }

  public int[] labels() {
    return labels;
  }

  /** The predicted class of example i; ties go to the lower class index, as torch.argmax does. */
  public int predicted(int i) {
    int base = i * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (logits[base + c] > logits[base + best]) {
        best = c;
      }
    }
    return best;
  }

  public int correct() {
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted(i) == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  public double accuracy() {
    return labels.length == 0 ? 0 : (double) correct() / labels.length;
  }

  /** Mean softmax cross-entropy in nats, computed in double with the log-sum-exp shift. */
  public double meanCrossEntropy() {
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      int base = i * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[base + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[base + c] - max);
      }
      total += Math.log(sum) + max - logits[base + labels[i]];
    }
    return labels.length == 0 ? 0 : total / labels.length;
  }

  /** The share of examples on which both models predict the same class. */
  public double agreement(Predictions other) {
    if (other.size() != size()) {
      throw new IllegalArgumentException("cannot compare predictions on " + size() + " and " + other.size() + " examples");
    }
    int same = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted(i) == other.predicted(i)) {
        same++;
      }
    }
    return labels.length == 0 ? 0 : (double) same / labels.length;
  }
}
