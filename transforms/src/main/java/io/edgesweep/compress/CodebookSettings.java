package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;

/**
 * Weight sharing: the index width, the k-means budget, and the centroid fine-tune.
 *
 * @param bits index width b, 2^b centroids per weight tensor; 0 means no weight sharing
 * @param fineTuneEpochs epochs of centroid fine-tune (Adam with half-cosine decay); 0 keeps the
 *     k-means centroids
 */
public record CodebookSettings(int bits, int kmeansIterations, int fineTuneEpochs, double learningRate, int batchSize, long seed)
    implements Serializable {
  public static final String SOURCE = "codebook settings";

  public CodebookSettings {
    if (bits != 0 && (bits < 1 || bits > 8)) {
      throw new InvalidInputException(SOURCE, "bits", "must be 1 to 8 (2 to 256 centroids), or none, got " + bits);
    }
    if (kmeansIterations < 1) {
      throw new InvalidInputException(SOURCE, "kmeans_iterations", "must be at least 1, got " + kmeansIterations);
    }
    if (fineTuneEpochs < 0) {
      throw new InvalidInputException(SOURCE, "fine_tune_epochs", "must be zero or more, got " + fineTuneEpochs);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new InvalidInputException(SOURCE, "learning_rate", "must be a positive number, got " + learningRate);
    }
    if (batchSize <= 0) {
      throw new InvalidInputException(SOURCE, "batch_size", "must be positive, got " + batchSize);
    }
  }
}
