package io.edgesweep.model;

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
    try {
      return Predictions.of(classifier, new InMemoryBatches(data), 500).accuracy();
    } catch (RuntimeException e) {
      throw new InvalidInputException(file.toString(), null,
          "the module does not map images " + data.shape() + " to " + data.classCount() + " class scores: " + e.getMessage(), e);
    }
  }
}
