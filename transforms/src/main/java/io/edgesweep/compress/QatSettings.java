package io.edgesweep.compress;

import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;

/**
 * How quantization-aware training runs: epochs of Adam with a half-cosine learning rate, batch
 * size, and the seed of the batch order. Zero epochs is no training: the stage passes its parent
 * through.
 */
public record QatSettings(TrainingSettings training) implements Serializable {

  public QatSettings(int epochs, double learningRate, int batchSize, long seed) {
    this(new TrainingSettings(epochs, batchSize, learningRate, true, seed));
  }

  public int epochs() {
    return training.epochs();
  }

  public double learningRate() {
    return training.learningRate();
  }

  public int batchSize() {
    return training.batchSize();
  }

  public long seed() {
    return training.seed();
  }
}
