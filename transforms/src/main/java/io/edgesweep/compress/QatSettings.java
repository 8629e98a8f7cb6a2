package io.edgesweep.compress;

import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;

/**
 * How quantization-aware training runs: epochs of Adam with a half-cosine learning rate, batch
 * size, and the seed of the batch order; where the scales come from ({@link QatScales}), and for
 * learned scales their own learning rate. Zero epochs is no training: the stage passes its parent
 * through.
 *
 * @param scaleInit where learned scales start; ignored for recomputed scales
 * @param scaleLearningRate the learned scales' SGD learning rate; ignored for recomputed scales
 */
public record QatSettings(TrainingSettings training, QatScales scales, LearnedScales.Init scaleInit, double scaleLearningRate)
    implements Serializable {
  /** The scales' learning rate when a spec gives none: LSQ's initial rate for 2- to 4-bit networks. */
  public static final double DEFAULT_SCALE_LEARNING_RATE = 0.01;

  public QatSettings {
    if (scales == null || scaleInit == null) {
      throw new IllegalArgumentException("no scale source or start");
    }
  }

  /** Scales recomputed every step, as before learned scales existed. */
  public QatSettings(int epochs, double learningRate, int batchSize, long seed) {
    this(epochs, learningRate, batchSize, seed, QatScales.RECOMPUTED, LearnedScales.Init.FITTED, DEFAULT_SCALE_LEARNING_RATE);
  }

  public QatSettings(int epochs, double learningRate, int batchSize, long seed, QatScales scales, LearnedScales.Init scaleInit,
      double scaleLearningRate) {
    this(new TrainingSettings(epochs, batchSize, learningRate, true, seed), scales, scaleInit, scaleLearningRate);
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
