package io.edgesweep.compress;

import ai.djl.ndarray.NDArray;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight-sharing stage (Deep Compression's trained quantization): per weight tensor, k-means
 * over the non-zero weights into 2^b centroids ({@link Codebook}), then a fine-tune of the centroids.
 *
 * <p>During the fine-tune each weight's gradient is replaced by its centroid's, the sum over the
 * weights that share it ({@link Codebook#tiedGradients}), so Adam moves every weight of a centroid
 * by the same step: the weights stay shared and the pruned ones stay exactly zero. Biases are
 * trained as usual, in float32. The loss is the distillation loss where the model was distilled.
 * The model stores the shared weights as floats; the lineage entry holds every codebook, and the
 * cost model counts b-bit indices plus 2^b float32 centroids per tensor.
 */
public final class WeightSharing {
  private WeightSharing() {}

  private static void checkTied(String name, Codebook codebook, float[] trained, String source) {
    for (int i = 0; i < trained.length; i++) {
      float expected = codebook.assignments()[i] < 0 ? 0f : codebook.centroids()[codebook.assignments()[i]];
      if (Math.abs(trained[i] - expected) > 1e-5f * Math.abs(expected) + 1e-7f) {
        throw new IllegalStateException(name + "[" + i + "] of " + source + " left its centroid during the fine-tune: " + trained[i]
            + " against " + expected);
      }
    }
  }

  public static ModelArtifact apply(ModelArtifact parent, CodebookSettings settings, ImageDataset train, TeacherLogits logits, String command) {
    String source = ArtifactNames.describe(parent);
    if (parent.manifest().activations() != null || parent.manifest().lineage().stream().anyMatch(LineageEntry::quantizes)) {
      throw new InvalidInputException(source, "lineage", "is already quantized; weight sharing replaces quantization, so share the float model's weights");
    }
    Architecture architecture = parent.architecture();
    if (architecture.isTorchScript()) {
      throw new InvalidInputException(source, "arch", "weight sharing fine-tunes the layers, which a TorchScript graph does not expose");
    }
    List<String> names = WeightTensors.names(architecture, parent.parameters());
    Map<String, Codebook> codebooks = new LinkedHashMap<>();
    ParameterSet shared = parent.parameters();
    for (String name : names) {
      Tensor w = parent.parameters().get(name);
      Codebook codebook = Codebook.cluster(w.values(), settings.bits(), settings.kmeansIterations());
      codebooks.put(name, codebook);
      shared = shared.with(name, new Tensor(w.shape(), codebook.weights()));
    }
    if (settings.fineTuneEpochs() > 0) {
      DistillationLoss loss = FineTuneLoss.of(parent, logits, train);
      TrainingSettings training = settings.fineTune();
      try (Classifier classifier = Classifier.open(architecture, shared, null, null)) {
        TrainingLoop.BeforeStep tie = model -> {
          for (String name : names) {
            NDArray gradient = model.djlParameters().get(name).getArray().getGradient();
            float[] tied = codebooks.get(name).tiedGradients(gradient.toFloatArray());
            try (NDArray replacement = gradient.getManager().create(tied, gradient.getShape())) {
              gradient.muli(0).addi(replacement);
            }
          }
        };
        TrainingLoop.train(classifier, new InMemoryBatches(train), training, loss, tie, TrainingLoop.AfterStep.NOTHING,
            TrainingLoop.EpochListener.SILENT);
        ParameterSet trained = classifier.parameters();
        shared = trained;
        for (String name : names) {
          // Read each centroid back from its first weight and write it to all: the weights moved
          // together; a vectorised kernel may round one lane differently, so they are checked
          // to agree to float precision and then made exactly equal.
          Codebook tuned = codebooks.get(name).reread(trained.get(name).values());
          checkTied(name, tuned, trained.get(name).values(), source);
          codebooks.put(name, tuned);
          shared = shared.with(name, new Tensor(trained.get(name).shape(), tuned.weights()));
        }
      }
    }
    Map<String, float[]> centroids = new LinkedHashMap<>();
    codebooks.forEach((name, c) -> centroids.put(name, c.centroids()));
    LineageEntry stage = new LineageEntry.Codebook(settings.bits(), settings.kmeansIterations(), settings.fineTuneEpochs(),
        settings.learningRate(), settings.batchSize(), settings.seed(), FineTuneLoss.describe(parent), centroids);
    return parent.derive(architecture, shared, null, stage, command, Map.of());
  }
}
