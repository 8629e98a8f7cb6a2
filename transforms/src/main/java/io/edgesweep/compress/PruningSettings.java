package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import java.io.Serializable;
import java.util.Objects;

/**
 * One pruning stage: method, ratio, and the fine-tune that repairs what the cut broke.
 *
 * <p>The ratio is the fraction of prunable weights removed (see {@link WeightTensors}: the weights
 * of all weight layers, output layer included; never biases), in [0, 1). The fine-tune trains
 * with Adam at {@code learningRate} decaying along a half cosine to zero over all its steps, with
 * batches in the order of {@code seed}; 0 epochs is one-shot pruning without repair.
 *
 * @param schedule when the weights are removed, see {@link PruningSchedule}; one-shot by default
 */
public record PruningSettings(
    PruningMethod method, double ratio, int fineTuneEpochs, double learningRate, int batchSize, long seed, PruningSchedule schedule)
    implements Serializable {
  public static final String SOURCE = "pruning settings";

  public PruningSettings {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(schedule, "schedule");
    if (!(ratio >= 0 && ratio < 1)) {
      throw new InvalidInputException(SOURCE, "ratio", "must be in [0, 1) (the fraction of prunable weights removed), got " + ratio);
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
    if (schedule == PruningSchedule.GRADUAL && method.structured()) {
      throw new InvalidInputException(SOURCE, "schedule", "gradual removal is implemented for the magnitude methods, not " + method);
    }
  }

  /** One-shot pruning followed by {@code fineTuneEpochs} of fine-tune with the mask fixed. */
  public PruningSettings(PruningMethod method, double ratio, int fineTuneEpochs, double learningRate, int batchSize, long seed) {
    this(method, ratio, fineTuneEpochs, learningRate, batchSize, seed, PruningSchedule.ONE_SHOT);
  }
}
