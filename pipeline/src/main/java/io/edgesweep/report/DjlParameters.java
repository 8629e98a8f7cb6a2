package io.edgesweep.report;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.edgesweep.data.BatchSource;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ClassifierBlocks;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TorchRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes and loads a model as DJL's own parameter file, {@code model-0000.params}, so that the
 * export can be loaded by DJL's {@code Model.load} alone.
 *
 * <p>DJL's parameter files hold weights, not the network: the loader builds the block first. For
 * edgesweep architectures that block is {@code ClassifierBlocks.build(Architecture.parse(arch),
 * activations)} with the arch and activation quantizers of the exported manifest, a plain DJL
 * {@code SequentialBlock} of {@code Linear}, {@code Conv2d}, pooling and ReLU blocks (and one
 * {@code LambdaBlock} per quantized layer input).
 */
public final class DjlParameters {
  public static final String NAME = "model";
  public static final String FILE = NAME + "-0000.params";

  private DjlParameters() {}

  /** Saves the model's parameters into {@code folder} as {@value #FILE}. */
  public static void save(ModelArtifact model, Path folder) throws IOException {
    try (Classifier classifier = model.open()) {
      Model djl = classifier.model();
      djl.setProperty("Epoch", "0");
      djl.save(folder, NAME);
    }
  }

  /** Loads an exported model with DJL's {@code Model.load}; close the model after use. */
  public static Model load(Path folder, Architecture architecture, io.edgesweep.model.ActivationQuantization activations)
      throws IOException, ai.djl.MalformedModelException {
    TorchRuntime.ensureConfigured();
    Model model = Model.newInstance(NAME, "PyTorch");
    try {
      model.setBlock(ClassifierBlocks.build(architecture, activations));
      model.load(folder, NAME);
      return model;
    } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Examples of {@code source} that a loaded DJL model classifies correctly (arg-max, ties to the lower class). */
  public static long correct(Model model, BatchSource source, int batchSize) {
    long[] correct = new long[1];
    try (NDManager manager = NDManager.newBaseManager()) {
      source.forEachBatch(manager, batchSize, null, batch -> {
        NDList out = model.getBlock().forward(new ParameterStore(batch.images().getManager(), false), new NDList(batch.images()), false);
        float[] logits = out.head().toFloatArray();
        long[] labels = batch.labels().toLongArray();
        int classes = logits.length / labels.length;
        for (int i = 0; i < labels.length; i++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (logits[i * classes + c] > logits[i * classes + best]) {
              best = c;
            }
          }
          if (best == labels[i]) {
            correct[0]++;
          }
        }
      });
    }
    return correct[0];
  }
}
