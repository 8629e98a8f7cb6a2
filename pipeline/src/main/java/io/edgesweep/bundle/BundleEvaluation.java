package io.edgesweep.bundle;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Predictions;
import java.util.Map;

/**
 * Runs a bundle's rebuilt model over a labelled split and says whether it matches the accuracy
 * the sweep measured.
 *
 * <p>The forward pass is DJL's, with the weights the bundle reader rebuilt and the activation
 * quantizers from the bundle's manifest; the model artifact the bundle came from is not read, so
 * an exact match shows that the bundle alone carries the evaluated model.
 */
public final class BundleEvaluation {
  private BundleEvaluation() {}

  /**
   * The outcome on one split.
   *
   * @param split "validation" or "test" when the data is the sweep's split (same SHA-256), else null
   * @param expected what the sweep measured on that split, or null when it measured nothing there
   */
  public record Result(AccuracyEstimate accuracy, String split, AccuracyEstimate expected) {
    /** Whether the bundle reproduces the sweep's count of correct predictions; true when there is nothing to compare. */
    public boolean matches() {
      return expected == null || expected.correct() == accuracy.correct() && expected.n() == accuracy.n();
    }
  }

  public static Result run(BundleReader.Loaded loaded, ImageDataset data, String dataSha256, String dataSource, int batchSize) {
    ModelBundle bundle = loaded.bundle();
    if (bundle.architecture().inputFeatures() != data.shape().pixelCount()) {
      throw new InvalidInputException(dataSource, null, "images of " + data.shape() + " do not fit " + bundle.architecture()
          + ", which takes " + bundle.architecture().inputFeatures() + " values");
    }
    if (bundle.architecture().classCount() != data.classCount()) {
      throw new InvalidInputException(dataSource, null, data.classCount() + " classes, the bundle's model has " + bundle.architecture().classCount());
    }
    AccuracyEstimate accuracy;
    try (Classifier classifier = Classifier.open(bundle.architecture(), bundle.parameters(), bundle.activations(), null)) {
      Predictions predictions = Predictions.of(classifier, new InMemoryBatches(data), batchSize);
      accuracy = AccuracyEstimate.of(predictions.correct(), predictions.size());
    }
    Map<String, Object> pick = loaded.manifest().pick();
    String split = null;
    AccuracyEstimate expected = null;
    if (pick != null && pick.get("source") instanceof Map<?, ?> source && pick.get("metrics") instanceof Map<?, ?> metrics) {
      for (String name : new String[] {"validation", "test"}) {
        if (dataSha256.equals(source.get(name + "_sha256"))) {
          split = name;
          if (metrics.get(name + "_accuracy") instanceof Map<?, ?> m && m.get("correct") instanceof Number c && m.get("examples") instanceof Number n) {
            expected = AccuracyEstimate.of(c.longValue(), n.longValue());
          }
        }
      }
    }
    return new Result(accuracy, split, expected);
  }
}
