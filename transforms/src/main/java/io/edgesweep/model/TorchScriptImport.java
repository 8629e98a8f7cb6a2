package io.edgesweep.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a model artifact from a TorchScript classifier trained elsewhere, so a PyTorch model can
 * be the teacher of a sweep.
 *
 * <p>The module must take images [B, C, H, W] in [0, 1] and return one score per class. Its named
 * parameters are copied out through DJL ({@code PtSymbolBlock.getDirectParameters}), so pruning and
 * weight quantization change them like any other model's; the graph itself is kept as it is, which
 * is why structured pruning and activation quantizers, which need to change the graph, do not
 * apply to it.
 */
public final class TorchScriptImport {
  /** The spec every imported artifact records: the module sits next to the manifest. */
  public static final Architecture ARCHITECTURE = Architecture.parse("torchscript:" + ModelArtifact.TORCHSCRIPT);

  private TorchScriptImport() {}

  /** The imported artifact and how it scores on the dataset's splits. */
  public record Result(ModelArtifact artifact, double validationAccuracy, double testAccuracy) {}

  public static Result importModel(Path file, DatasetSplits splits, String command) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file.toString(), null, "no such TorchScript file");
    }
    byte[] module;
    try {
      module = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
    splits.requireAll();
    ImageDataset validation = ParquetImageDatasets.read(splits.validation());
    ImageDataset test = ParquetImageDatasets.read(splits.test());
    ParameterSet parameters;
    double validationAccuracy;
    double testAccuracy;
    try (Classifier classifier = Classifier.open(ARCHITECTURE, null, null, module)) {
      parameters = classifier.parameters();
      checkOutputs(classifier, validation, file);
      validationAccuracy = accuracy(classifier, validation, file);
      testAccuracy = accuracy(classifier, test, file);
    } catch (InvalidInputException e) {
      if (e.source().equals(file.toString())) {
        throw e;
      }
      throw new InvalidInputException(file.toString(), e.field(), e.problem(), e);
    }
    LineageEntry stage = new LineageEntry.Import(file.toAbsolutePath().toString(), ModelArtifact.sha256(module));
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("validation_sha256", validation.provenance().get("file_sha256"));
    provenance.put("test_sha256", test.provenance().get("file_sha256"));
    provenance.put("data", splits.folder().toString());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation_accuracy", validationAccuracy);
    metrics.put("test_accuracy", testAccuracy);
    ModelArtifact artifact = ModelArtifact.create(ARCHITECTURE, parameters, null, module, validation.shape(),
        validation.classNames(), List.of(stage), command, provenance, metrics);
    return new Result(artifact, validationAccuracy, testAccuracy);
  }

  private static double accuracy(Classifier classifier, ImageDataset data, Path file) {
    Predictions predictions;
    try {
      predictions = Predictions.of(classifier, new InMemoryBatches(data), 500);
    } catch (RuntimeException e) {
      throw new InvalidInputException(file.toString(), null,
          "the module does not map images " + data.shape() + " to " + data.classCount() + " class scores: " + e.getMessage(), e);
    }
    int nonFinite = 0;
    for (float v : predictions.logits()) {
      if (!Float.isFinite(v)) {
        nonFinite++;
      }
    }
    if (nonFinite > 0) {
      throw new InvalidInputException(file.toString(), null, "the module gives " + nonFinite + " non-finite class scores (NaN or infinity) on "
          + data.size() + " images of " + data.provenance().getOrDefault("file", "the data") + "; such a model cannot be a teacher");
    }
    return predictions.accuracy();
  }

  /**
   * One tensor of class scores per image, not a tuple: DJL would otherwise take the tuple's first
   * element without a word, and a model whose scores are elsewhere would be imported as garbage.
   */
  private static void checkOutputs(Classifier classifier, ImageDataset data, Path file) {
    try (NDManager manager = NDManager.newBaseManager()) {
      new InMemoryBatches(data).forEachBatch(manager, 500, null, batch -> {
        NDList outputs = classifier.outputs(batch.images().getManager(), batch.images());
        if (outputs.size() != 1) {
          throw new InvalidInputException(file.toString(), null, "the module returns " + outputs.size()
              + " outputs (a tuple); it must return one tensor of class scores [batch, " + data.classCount() + "]");
        }
        Shape shape = outputs.head().getShape();
        if (shape.dimension() != 2 || shape.get(0) != batch.size() || shape.get(1) != data.classCount()) {
          throw new InvalidInputException(file.toString(), null, "the module returns scores of shape " + shape + " for " + batch.size()
              + " images; it must return one score per class: [" + batch.size() + ", " + data.classCount() + "]");
        }
      });
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException(file.toString(), null,
          "the module does not take images " + data.shape() + " in [0, 1]: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
