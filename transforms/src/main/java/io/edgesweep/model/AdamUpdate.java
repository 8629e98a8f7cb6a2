package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam's step over a classifier's trainable parameters: one native update per parameter, no
 * copy of the gradient and no bookkeeping around it.
 *
 * <p>It calls the same native update DJL's {@code Adam} ends in ({@code JniUtils.adamUpdate}, the
 * moment updates and the weight update in libtorch), with the same arguments (bias-corrected
 * learning rate lr·√(1−β₂ᵗ)/(1−β₁ᵗ) computed in double from the float β's, no weight decay, no
 * rescaling or clipping), so a training run gives the same weights bit for bit. What it leaves
 * out is what DJL's trainer adds per parameter and step: a full copy of the gradient (its
 * parameter server duplicates it before handing it on, though the native update clones it again),
 * map look-ups, and lists and lambdas allocated per call.
 */
final class AdamUpdate implements AutoCloseable {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Tracker learningRate;
  private final NDManager moments;
  private final List<PtNDArray> weights = new ArrayList<>();
  private final List<PtNDArray> means = new ArrayList<>();
  private final List<PtNDArray> variances = new ArrayList<>();
  private int steps;

  /** Moment estimates at zero for every parameter of {@code classifier} that trains. */
  AdamUpdate(Classifier classifier, Tracker learningRate) {
    this.learningRate = learningRate;
    this.moments = classifier.model().getNDManager().newSubManager();
    for (Pair<String, Parameter> p : classifier.block().getParameters()) {
      if (p.getValue().requiresGradient()) {
        NDArray weight = p.getValue().getArray();
        weights.add((PtNDArray) weight);
        means.add((PtNDArray) moments.zeros(weight.getShape(), weight.getDataType()));
        variances.add((PtNDArray) moments.zeros(weight.getShape(), weight.getDataType()));
      }
    }
  }

  /** Applies the gradients of the last backward pass, then zeroes them for the next. */
  void step() {
    steps++;
    double coef1 = 1.0 - Math.pow(BETA1, steps);
    double coef2 = 1.0 - Math.pow(BETA2, steps);
    float lr = learningRate.getNewValue(steps);
    float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
    if (!Float.isFinite(corrected)) {
      throw new IllegalStateException("learning rate is not a finite number at step " + steps + ": " + corrected);
    }
    for (int i = 0; i < weights.size(); i++) {
      PtNDArray weight = weights.get(i);
      try (PtNDArray gradient = JniUtils.getGradient(weight)) {
        JniUtils.adamUpdate(weight, gradient, means.get(i), variances.get(i), lr, corrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, false);
      }
      JniUtils.zeroGrad(weight);
    }
  }

  @Override
  public void close() {
    moments.close();
  }
}
