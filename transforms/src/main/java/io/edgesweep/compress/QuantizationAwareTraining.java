package io.edgesweep.compress;

import ai.djl.ndarray.NDArray;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantization-aware training stage: trains a quantized model further with its weights (and
 * integer activations) fake-quantized in the forward pass, so it learns weights that survive the
 * rounding.
 *
 * <p>Training starts from the float model the quantized one was rounded from, with the grid its
 * quantize stage recorded. The forward pass sees Q(w), with scales recomputed from w at every step,
 * or learned with the weights ({@link QatScales#LEARNED}: LSQ, {@link LearnedScales});
 * gradients pass the rounding by the straight-through estimator ({@link ShadowWeights} for
 * weights, {@link StraightThrough} for activations, whose ranges stay those calibrated). Pruned
 * weights stay exactly zero. The loss is the distillation loss where the model was distilled
 * ({@link FineTuneLoss}). At the end, integer activation ranges are calibrated again on the new
 * weights, and the model stores Q(w): its accuracy is that of the integer model, and quantizing it
 * again gives back exactly its own weights. With learned scales the model stores Q(w; s) as
 * trained, each weight its code times its learned scale, and the lineage entry records the scales:
 * quantizing again would find other scales wherever the learned grid leaves the top codes unused,
 * so the bundle and the ONNX export take the codes from the recorded scales ({@link
 * QatStage#codes}).
 */
public final class QuantizationAwareTraining {
  private QuantizationAwareTraining() {}

  /**
   * @param quantized the quantized model (its lineage's last quantize stage gives the grid)
   * @param floatParent the float model it was quantized from, whose weights training starts from
   * @param logits the teacher's logits on {@code train}; needed only where the model was distilled
   * @param calibration the calibration split, for integer activations
   */
  public static ModelArtifact apply(
      ModelArtifact quantized,
      ModelArtifact floatParent,
      QatSettings settings,
      ImageDataset train,
      ImageDataset calibration,
      TeacherLogits logits,
      String command) {
    String source = ArtifactNames.describe(quantized);
    QuantizationSettings grid = QuantizationSettings.of(quantized);
    if (grid == null || !grid.weights().isInteger()) {
      throw new InvalidInputException(source, "lineage", "has no integer weights, so there is nothing to train quantization-aware");
    }
    Architecture architecture = quantized.architecture();
    if (architecture.isTorchScript()) {
      throw new InvalidInputException(source, "arch", "quantization-aware training rebuilds the layers, which a TorchScript graph does not expose");
    }
    if (!architecture.equals(floatParent.architecture())) {
      throw new IllegalArgumentException(source + " is not quantized from " + ArtifactNames.describe(floatParent));
    }
    List<String> names = WeightTensors.names(architecture, floatParent.parameters());
    Map<String, Tensor> start = new LinkedHashMap<>();
    names.forEach(n -> start.put(n, floatParent.parameters().get(n)));
    boolean learn = settings.scales() == QatScales.LEARNED;
    if (learn && grid.scheme() != QuantizationScheme.SYMMETRIC) {
      throw new InvalidInputException(source, "lineage", "learned scales (LSQ) train step sizes of a symmetric grid; this model's is " + grid.scheme());
    }
    int steps = settings.epochs() * ((train.size() + settings.batchSize() - 1) / settings.batchSize());
    LearnedScales learned = learn ? new LearnedScales(start, grid, settings.scaleInit(), settings.scaleLearningRate(), steps) : null;
    ShadowWeights shadow = new ShadowWeights(start, grid, learned);
    ParameterSet initial = floatParent.parameters();
    for (String n : names) {
      initial = initial.with(n, new Tensor(start.get(n).shape(), shadow.rounded(n).clone()));
    }
    ActivationQuantization activations = quantized.manifest().activations();
    DistillationLoss loss = FineTuneLoss.of(quantized, logits, train);
    TrainingSettings training = settings.training();
    ParameterSet trained;
    try (Classifier classifier = activations == null
        ? Classifier.open(architecture, initial, null, null)
        : Classifier.openWithHook(architecture, initial, StraightThrough.hook(activations))) {
      TrainingLoop.BeforeStep beforeStep = learned == null ? TrainingLoop.BeforeStep.NOTHING : model -> {
        for (String n : names) {
          NDArray gradient = model.djlParameters().get(n).getArray().getGradient();
          float[] values = gradient.toFloatArray();
          learned.backward(n, shadow.shadow(n), values);
          try (NDArray replacement = gradient.getManager().create(values, gradient.getShape())) {
            gradient.muli(0).addi(replacement);
          }
        }
      };
      TrainingLoop.AfterStep afterStep = model -> {
        if (learned != null) {
          learned.step();
        }
        for (String n : names) {
          var array = model.djlParameters().get(n).getArray();
          array.set(FloatBuffer.wrap(shadow.step(n, array.toFloatArray())));
        }
      };
      TrainingLoop.train(classifier, new InMemoryBatches(train), training, loss, beforeStep, afterStep, TrainingLoop.EpochListener.SILENT);
      trained = classifier.parameters();
    }
    Map<String, float[]> learnedScales = learn ? new LinkedHashMap<>() : null;
    for (String n : names) {
      if (learn) {
        // Q(w; s) as the last step rounded it: every weight is its code times its learned scale.
        trained = trained.with(n, new Tensor(start.get(n).shape(), learned.round(n, shadow.shadow(n))));
        learnedScales.put(n, learned.scales(n).clone());
      } else {
        trained = trained.with(n, shadow.settled(n));
      }
    }
    ActivationQuantization finalActivations = activations == null || activations.isFp16()
        ? activations
        : ActivationCalibration.calibrate(architecture, trained, calibration, grid.activations());
    LineageEntry stage = new LineageEntry.Qat(settings.epochs(), settings.learningRate(), settings.batchSize(), settings.seed(),
        activations != null, FineTuneLoss.describe(quantized), TeacherLogits.datasetSha256(train),
        learn ? QatScales.LEARNED.id() : null, learn ? settings.scaleInit().id() : null, learn ? settings.scaleLearningRate() : null,
        learnedScales);
    return quantized.derive(architecture, trained, finalActivations, stage, command, Map.of());
  }
}
