package io.edgesweep.model;

import java.io.Serializable;

/**
 * The knobs of one training run: epochs, batch size, Adam's learning rate and its schedule, seed.
 *
 * <p>The seed fixes the weight initialization and the order of the batches in every epoch; with a
 * fixed intra-op thread count (see {@link TorchRuntime}) it fixes the trained weights too.
 *
 * @param cosine whether the learning rate decays to zero along a half cosine over all steps
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, boolean cosine, long seed)
    implements Serializable {

  public TrainingSettings {
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be zero or more, got " + epochs);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
    }
  }

  /** The seed of the batch order in one epoch: different per epoch, fixed per run. */
  public long epochSeed(int epoch) {
    return seed * 1_000_003L + epoch;
  }
}
