package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;

/**
 * How quantization-aware training runs: epochs of Adam with a half-cosine learning rate, batch
 * size, and the seed of the batch order. Zero epochs is no training: the stage passes its parent
 * through.
 */
public record QatSettings(int epochs, double learningRate, int batchSize, long seed) implements Serializable {
  public static final String SOURCE = "qat settings";

  public QatSettings {
    if (epochs < 0) {
      throw new InvalidInputException(SOURCE, "epochs", "must be zero or more, got " + epochs);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new InvalidInputException(SOURCE, "learning_rate", "must be a positive number, got " + learningRate);
    }
    if (batchSize <= 0) {
      throw new InvalidInputException(SOURCE, "batch_size", "must be positive, got " + batchSize);
    }
  }
}
