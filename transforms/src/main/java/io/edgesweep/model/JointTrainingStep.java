package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.edgesweep.data.ImageBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One training step of several models of one dense architecture on the same batch: forward,
 * losses and gradients, each model's exactly as if it trained alone.
 *
 * <p>Why: a small model's step is a few narrow products and many calls around them. The first
 * dense layer reads the same images for every model, so its weights are concatenated on the
 * output axis, {@code [K·out, in]}, and multiplied in one product K times wider (libtorch's addmm,
 * the call a one-model forward makes); that layer carries nearly all the multiply-adds of an MLP.
 * Later layers run per model with the calls {@link ClassifierBlocks}' blocks make.
 *
 * <p>How the gradients stay those of one model alone: each model's slice of the wide output is
 * copied into a leaf of its own, the rest of the model runs from that leaf and is back-propagated
 * per model, which leaves in the leaf the gradient {@code G} the model's first layer would have
 * received. Then one backward pass of the wide product with the models' {@code G}s side by side
 * gives each model its first-layer weight gradient (autograd's own weight-gradient product, split
 * back by the concatenation), and each bias gradient is back-propagated through an expand of the
 * bias over {@code [B, out]}: the same {@code sum_to} over the model's own contiguous {@code G}
 * that autograd applies to a lone model's bias (reducing the wide {@code [B, K·out]} gradient
 * instead sums some columns in another order: a last-bit difference).
 *
 * <p>The BLAS picks its kernel from the product's shape, so a wide product need not sum in the
 * order of the narrow ones. The first time a shape (rows, inputs, outputs, models, threads) is
 * met in this JVM, {@link #exact} compares the wide and the narrow path on random values, forward
 * and gradients, bit for bit; a shape that differs runs the first layer model by model (the path
 * of one model alone, which is then simply repeated K times).
 */
final class JointTrainingStep {
  /** Verdicts by shape: true when the wide path gave the narrow path's bits. */
  private static final Map<VariantBatch.ProductShape, Boolean> EXACT_SHAPES = new ConcurrentHashMap<>();

  /** What a step yields for one model: its loss and its logits, for the epoch's figures. */
  interface Result {
    void accept(int model, NDArray loss, NDArray logits);
  }

  private final List<Layer.Dense> layers;
  /** weights.get(m)[l], biases.get(m)[l]: model m's layer l (the DJL parameters' own arrays). */
  private final List<NDArray[]> weights = new ArrayList<>();
  private final List<NDArray[]> biases = new ArrayList<>();

  JointTrainingStep(List<Classifier> models) {
    Architecture architecture = models.get(0).architecture();
    if (!supports(architecture)) {
      throw new IllegalArgumentException("cannot train models of " + architecture + " together: only flatten and dense layers are");
    }
    this.layers = architecture.layers().stream().filter(Layer.Dense.class::isInstance).map(Layer.Dense.class::cast).toList();
    for (Classifier c : models) {
      if (!c.architecture().equals(architecture)) {
        throw new IllegalArgumentException("cannot train " + c.architecture() + " together with " + architecture);
      }
      NDArray[] w = new NDArray[layers.size()];
      NDArray[] b = new NDArray[layers.size()];
      for (int l = 0; l < layers.size(); l++) {
        w[l] = c.djlParameters().get(layers.get(l).weightName()).getArray();
        b[l] = c.djlParameters().get(layers.get(l).biasName()).getArray();
      }
      weights.add(w);
      biases.add(b);
    }
  }

  /** Whether models of {@code architecture} can train together: a flatten, then dense layers only. */
  static boolean supports(Architecture architecture) {
    return VariantBatch.supports(architecture);
  }

  /** The shapes met so far in this JVM and whether their wide path was bit-identical (and so used). */
  static Map<VariantBatch.ProductShape, Boolean> shapeVerdicts() {
    return Map.copyOf(EXACT_SHAPES);
  }

  /**
   * Runs forward and backward for every model on {@code batch}, leaving each model's gradients in
   * its parameters; the caller then steps each model's optimizer.
   */
  void run(ImageBatch batch, List<TrainingLoop.BatchLoss> losses, Result result) {
    NDArray images = batch.images();
    long rows = images.getShape().get(0);
    NDArray x = images.reshape(new Shape(rows, -1)); // what DJL's batch-flatten block does
    boolean wide = weights.size() > 1 && exact((int) rows);
    try (GradientScope scope = new GradientScope()) {
      if (!wide) {
        for (int m = 0; m < weights.size(); m++) {
          NDArray logits = rest(m, VariantBatch.dense(layers.get(0), x, weights.get(m)[0], biases.get(m)[0]));
          NDArray loss = losses.get(m).loss(logits, batch);
          scope.backward(loss);
          result.accept(m, loss, logits);
        }
        return;
      }
      List<NDArray> firstWeights = new ArrayList<>();
      List<NDArray> firstBiases = new ArrayList<>();
      for (int m = 0; m < weights.size(); m++) {
        firstWeights.add(weights.get(m)[0]);
        firstBiases.add(biases.get(m)[0]);
      }
      NDArray product = wideProduct(x, firstWeights, firstBiases);
      List<NDArray> outputs = leaves(product, weights.size());
      for (int m = 0; m < weights.size(); m++) {
        NDArray hidden = layers.get(0).relu() ? Activation.relu(outputs.get(m)) : outputs.get(m);
        NDArray logits = rest(m, hidden);
        NDArray loss = losses.get(m).loss(logits, batch);
        scope.backward(loss);
        result.accept(m, loss, logits);
      }
      wideBackward(product, outputs, firstBiases);
    }
  }

  /** The wide first-layer product: weights concatenated on the output axis (recorded), biases detached. */
  private static NDArray wideProduct(NDArray x, List<NDArray> firstWeights, List<NDArray> firstBiases) {
    // Everything made here belongs to the batch's manager, not to the models' (which live for the whole run).
    NDManager scratch = x.getManager();
    NDList b = new NDList();
    for (NDArray bias : firstBiases) {
      NDArray detached = bias.stopGradient();
      detached.attach(scratch);
      b.add(detached);
    }
    NDArray weight = NDArrays.concat(new NDList(firstWeights), 0);
    weight.attach(scratch);
    NDArray bias = NDArrays.concat(b, 0);
    bias.attach(scratch);
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /** Each model's slice of the wide output as a contiguous leaf that collects its gradient. */
  private static List<NDArray> leaves(NDArray product, int models) {
    long width = product.getShape().get(1) / models;
    NDArray detached = product.stopGradient();
    List<NDArray> out = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      // A column slice is a strided view; its clone is contiguous, as a lone model's output is.
      NDArray leaf = detached.get(new NDIndex(":, {}:{}", m * width, (m + 1) * width)).duplicate();
      leaf.setRequiresGradient(true);
      out.add(leaf);
    }
    return out;
  }

  /**
   * Back-propagates the gradients the models' leaves received into their first-layer weights
   * (through the wide product) and biases (each through its own expand).
   */
  private static void wideBackward(NDArray product, List<NDArray> outputs, List<NDArray> firstBiases) {
    NDList gradients = new NDList();
    for (NDArray leaf : outputs) {
      gradients.add(leaf.getGradient());
    }
    try (NDArray joined = NDArrays.concat(gradients, 1)) {
      JniUtils.backward((PtNDArray) product, (PtNDArray) joined, false, false);
    }
    for (int m = 0; m < outputs.size(); m++) {
      NDArray expanded = firstBiases.get(m).broadcast(gradients.get(m).getShape());
      expanded.attach(product.getManager());
      JniUtils.backward((PtNDArray) expanded, (PtNDArray) gradients.get(m), false, false);
    }
  }

  private NDArray rest(int model, NDArray hidden) {
    NDArray x = hidden;
    for (int l = 1; l < layers.size(); l++) {
      x = VariantBatch.dense(layers.get(l), x, weights.get(model)[l], biases.get(model)[l]);
    }
    return x;
  }

  /** Whether the wide path of this shape gives the narrow path's bits (tried once per shape, on random values). */
  private boolean exact(int rows) {
    Layer.Dense first = layers.get(0);
    VariantBatch.ProductShape shape =
        new VariantBatch.ProductShape(rows, first.inputs(), first.outputs(), weights.size(), TorchRuntime.threads());
    return EXACT_SHAPES.computeIfAbsent(shape, JointTrainingStep::probe);
  }

  /**
   * Compares the wide and the narrow first layer on random inputs, weights and output gradients:
   * outputs, weight gradients and bias gradients, bit for bit.
   */
  static boolean probe(VariantBatch.ProductShape shape) {
    Random random = new Random(shape.hashCode());
    try (NDManager manager = NDManager.newBaseManager();
        GradientScope scope = new GradientScope()) {
      NDArray x = VariantBatch.gaussian(manager, random, shape.rows(), shape.inputs());
      List<NDArray> narrowW = new ArrayList<>();
      List<NDArray> narrowB = new ArrayList<>();
      List<NDArray> wideW = new ArrayList<>();
      List<NDArray> wideB = new ArrayList<>();
      List<NDArray> seeds = new ArrayList<>();
      for (int m = 0; m < shape.variants(); m++) {
        NDArray w = VariantBatch.gaussian(manager, random, shape.outputs(), shape.inputs());
        NDArray b = VariantBatch.gaussian(manager, random, 1, shape.outputs()).reshape(shape.outputs());
        narrowW.add(w.duplicate());
        narrowB.add(b.duplicate());
        wideW.add(w.duplicate());
        wideB.add(b.duplicate());
        seeds.add(VariantBatch.gaussian(manager, random, shape.rows(), shape.outputs()));
      }
      for (NDArray a : narrowW) {
        a.setRequiresGradient(true);
      }
      for (NDArray a : narrowB) {
        a.setRequiresGradient(true);
      }
      for (NDArray a : wideW) {
        a.setRequiresGradient(true);
      }
      for (NDArray a : wideB) {
        a.setRequiresGradient(true);
      }
      List<NDArray> narrowY = new ArrayList<>();
      for (int m = 0; m < shape.variants(); m++) {
        NDArray y = Linear.linear(x, narrowW.get(m), narrowB.get(m)).singletonOrThrow();
        narrowY.add(y.stopGradient().duplicate());
        JniUtils.backward((PtNDArray) y, (PtNDArray) seeds.get(m), false, false);
      }
      NDArray product = wideProduct(x, wideW, wideB);
      List<NDArray> outputs = leaves(product, shape.variants());
      for (int m = 0; m < shape.variants(); m++) {
        // the leaf's gradient as the rest of a model would leave it
        JniUtils.backward((PtNDArray) outputs.get(m), (PtNDArray) seeds.get(m), false, false);
      }
      wideBackward(product, outputs, wideB);
      for (int m = 0; m < shape.variants(); m++) {
        if (!bitsEqual(narrowY.get(m), outputs.get(m))
            || !bitsEqual(narrowW.get(m).getGradient(), wideW.get(m).getGradient())
            || !bitsEqual(narrowB.get(m).getGradient(), wideB.get(m).getGradient())) {
          return false;
        }
      }
      return true;
    }
  }

  private static boolean bitsEqual(NDArray a, NDArray b) {
    return Tensor.sameBits(a.toFloatArray(), b.toFloatArray());
  }
}
