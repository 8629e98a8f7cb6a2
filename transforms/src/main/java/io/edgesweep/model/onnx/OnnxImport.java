package io.edgesweep.model.onnx;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a model artifact from an ONNX classifier, so a model trained in PyTorch (or anything that
 * writes ONNX) is a sweep's teacher like an {@code mlp:} or {@code cnn:} one.
 *
 * <p>Reads the graph for the dataset's images, translates it into the layer chain or, where a chain cannot express it, the layer graph, and checks the
 * translation against ONNX Runtime on the validation split before anything is written: a model
 * whose scores differ by more than {@link #TOLERANCE} anywhere, or whose predicted class differs on
 * any example, is refused, since a sweep over it would compress a different model.
 */
public final class OnnxImport {
  /** Largest difference of one logit from ONNX Runtime's that an import accepts (float32 sums in another order). */
  public static final double TOLERANCE = 1e-4;

  private static final int BATCH = 500;

  private OnnxImport() {}

  /**
   * The imported artifact, what was read, and how it scores.
   *
   * @param maxLogitDifference the largest |edgesweep - ONNX Runtime| over the validation logits
   */
  public record Result(
      ModelArtifact artifact, OnnxGraph graph, double validationAccuracy, double testAccuracy, double maxLogitDifference) {}

  public static Result importModel(Path file, DatasetSplits splits, String command) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(file.toString(), null, "no such ONNX file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
    splits.requireAll();
    ImageDataset validation = ParquetImageDatasets.read(splits.validation());
    OnnxGraph graph = OnnxGraphReader.read(bytes, file.toString(), validation.shape(), validation.classCount());
    OnnxChain.Translation translation = translate(graph);
    ImageDataset test = ParquetImageDatasets.read(splits.test());

    // The lineage entry has the fields every import records (TorchScript's too); what is
    // particular to ONNX goes into the provenance.
    LineageEntry stage = new LineageEntry.Import(file.toAbsolutePath().toString(), graph.sha256());
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("source_format", "onnx");
    provenance.put("onnx_opset", Long.toString(graph.opset()));
    provenance.put("onnx_producer", graph.producer());
    provenance.put("validation_sha256", validation.provenance().get("file_sha256"));
    provenance.put("test_sha256", test.provenance().get("file_sha256"));
    provenance.put("data", splits.folder().toString());
    ModelArtifact unscored = ModelArtifact.create(translation.architecture(), translation.parameters(), null, null,
        validation.shape(), validation.classNames(), List.of(stage), command, provenance, Map.of());

    Predictions onValidation;
    Predictions onTest;
    try (Classifier classifier = unscored.open()) {
      onValidation = Predictions.of(classifier, new InMemoryBatches(validation), BATCH);
      onTest = Predictions.of(classifier, new InMemoryBatches(test), BATCH);
    }
    float[] reference = OnnxRuntimeScores.logits(bytes, graph, validation, BATCH);
    double difference = maxDifference(onValidation.logits(), reference);
    int disagreements = 0;
    Predictions runtime = new Predictions(reference, onValidation.labels(), onValidation.classes());
    for (int i = 0; i < runtime.size(); i++) {
      if (runtime.predicted(i) != onValidation.predicted(i)) {
        disagreements++;
      }
    }
    if (difference > TOLERANCE || disagreements > 0) {
      throw new InvalidInputException(file.toString(), null, String.format(
          "the translated model (%s) differs from ONNX Runtime on the validation split: largest logit difference %.3g, "
              + "%d of %d predicted classes differ; this is a bug in edgesweep's import, please report it with the file",
          translation.architecture(), difference, disagreements, runtime.size()));
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation_accuracy", onValidation.accuracy());
    metrics.put("test_accuracy", onTest.accuracy());
    metrics.put("onnxruntime_max_logit_difference", difference);
    ModelArtifact artifact = ModelArtifact.create(translation.architecture(), translation.parameters(), null, null,
        validation.shape(), validation.classNames(), List.of(stage), command, provenance, metrics);
    return new Result(artifact, graph, onValidation.accuracy(), onTest.accuracy(), difference);
  }

  /**
   * The chain ({@code mlp:}/{@code cnn:}) where it expresses the model, so an imported MLP or
   * LeNet-5 keeps the spec a user would write; otherwise the layer graph ({@code graph:}).
   */
  static OnnxChain.Translation translate(OnnxGraph graph) {
    try {
      return OnnxChain.translate(graph);
    } catch (OnnxChain.NeedsLayerGraph needsGraph) {
      return OnnxLayerGraph.translate(graph);
    }
  }

  static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
