package io.edgesweep.compress;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.TrainingLoop;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps pruned weights at exactly zero while a model trains, by multiplying them by the mask in
 * place after every optimizer step.
 *
 * <p>Adam's moment estimates keep moving a pruned weight after it was zeroed, so masking the
 * gradient would not be enough; multiplying the weight itself by 0 after each step makes every
 * forward pass see exact zeros, and the weights read out at the end are zeros too (0·x is ±0 in
 * IEEE arithmetic for any finite x). The mask arrays live in their own sub-manager of the model's
 * manager, freed by {@link #close()}; {@link #replace} swaps the mask for a gradual schedule.
 */
public final class MaskEnforcer implements TrainingLoop.AfterStep, AutoCloseable {
  private final Classifier classifier;
  private NDManager manager;
  private Map<String, NDArray> factors;

  /** Applies {@code mask} to the classifier's weights at once, and again after every step. */
  public MaskEnforcer(Classifier classifier, PruningMask mask) {
    this.classifier = classifier;
    replace(mask);
  }

  /** Switches to another mask (a superset, in a gradual schedule) and applies it at once. */
  public void replace(PruningMask mask) {
    NDManager next = classifier.model().getNDManager().newSubManager();
    Map<String, NDArray> nextFactors = new LinkedHashMap<>();
    try {
      for (String name : mask.names()) {
        if (!classifier.djlParameters().containsKey(name)) {
          throw new IllegalArgumentException("the mask covers " + name + ", which the model does not have: " + classifier.djlParameters().keySet());
        }
        long[] shape = Arrays.stream(mask.shape(name)).asLongStream().toArray();
        nextFactors.put(name, next.create(mask.keepFactors(name), new Shape(shape)));
      }
    } catch (RuntimeException e) {
      next.close();
      throw e;
    }
    close();
    manager = next;
    factors = nextFactors;
    afterStep(classifier);
  }

  @Override
  public void afterStep(Classifier trained) {
    for (Map.Entry<String, NDArray> entry : factors.entrySet()) {
      trained.djlParameters().get(entry.getKey()).getArray().muli(entry.getValue());
    }
  }

  @Override
  public void close() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }
}
