package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;

/**
 * Weight sharing: the index width, the k-means budget, and the centroid fine-tune.
 *
 * @param bits index width b, 2^b centroids per weight tensor; 0 means no weight sharing
 * @param fineTune the centroid fine-tune (Adam with half-cosine decay); 0 epochs keeps the k-means
 *     centroids
 */
public record CodebookSettings(int bits, int kmeansIterations, TrainingSettings fineTune) implements Serializable {
  public static final String SOURCE = "codebook settings";

  public CodebookSettings {
    if (bits != 0 && (bits < 1 || bits > 8)) {
      throw new InvalidInputException(SOURCE, "bits", "must be 1 to 8 (2 to 256 centroids), or none, got " + bits);
    }
    if (kmeansIterations < 1) {
      throw new InvalidInputException(SOURCE, "kmeans_iterations", "must be at least 1, got " + kmeansIterations);
    }
  }

  public CodebookSettings(int bits, int kmeansIterations, int fineTuneEpochs, double learningRate, int batchSize, long seed) {
    this(bits, kmeansIterations, new TrainingSettings(fineTuneEpochs, batchSize, learningRate, true, seed));
  }

  public int fineTuneEpochs() {
    return fineTune.epochs();
  }

  public double learningRate() {
    return fineTune.learningRate();
  }

  public int batchSize() {
    return fineTune.batchSize();
  }

  public long seed() {
    return fineTune.seed();
  }
}
