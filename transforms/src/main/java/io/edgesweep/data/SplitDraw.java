package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws the four splits of a dataset folder from one pool of labelled images, with stratified,
 * seeded draws as the Fashion-MNIST import makes them.
 *
 * <p>Test comes first (unless the user has a test set of their own), then validation from what is
 * left, and the rest is train; calibration is drawn from train, since quantization ranges may see
 * training data but selection must not. Every draw keeps each class's share of the pool.
 *
 * @param validationFraction share of the whole pool drawn for validation
 * @param testFraction share of the whole pool drawn for test when no test set is given
 * @param calibrationLimit most images drawn from train for calibration (at most a tenth of train)
 */
public record SplitDraw(double validationFraction, double testFraction, int calibrationLimit) {
  /** A tenth each for validation and test, and up to 1,000 calibration images, as for Fashion-MNIST. */
  public static final SplitDraw DEFAULT = new SplitDraw(0.1, 0.1, FashionMnistImport.CALIBRATION_SIZE);

  public SplitDraw {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
    }
    if (!(testFraction > 0 && testFraction < 1) || validationFraction + testFraction >= 1) {
      throw new IllegalArgumentException(
          "test fraction must be in (0, 1) and leave images for train, got " + testFraction + " with validation " + validationFraction);
    }
    if (calibrationLimit < 1) {
      throw new IllegalArgumentException("calibration limit must be positive, got " + calibrationLimit);
    }
  }

  /**
   * The four splits by name.
   *
   * @param source the file or folder the pool came from, named in errors
   * @param givenTest the user's own test set, or null to draw test from the pool
   * @param common provenance entries every split records (source, seed, command)
   */
  public Map<String, ImageDataset> draw(
      String source, ImageDataset pool, ImageDataset givenTest, long seed, Map<String, String> common) {
    ImageDataset rest = pool;
    ImageDataset test;
    if (givenTest == null) {
      int testSize = atLeastOne(source, "test", Math.round(testFraction * pool.size()), pool.size());
      StratifiedSampler.Split split = StratifiedSampler.sample(pool.labels(), pool.classCount(), testSize, seed + 2);
      test = pool.subset(split.chosen(), with(common, "split", "test: " + testSize + " stratified from the source"));
      rest = pool.subset(split.rest(), Map.of());
    } else {
      if (!givenTest.shape().equals(pool.shape()) || !givenTest.classNames().equals(pool.classNames())) {
        throw new InvalidInputException(source, "test set",
            "holds " + givenTest.shape() + " images of classes " + givenTest.classNames()
                + ", the train set " + pool.shape() + " images of classes " + pool.classNames());
      }
      test = givenTest.withProvenance(with(common, "split", "test: the given test set"));
    }
    int validationSize = atLeastOne(source, "validation", Math.round(validationFraction * pool.size()), rest.size());
    StratifiedSampler.Split validationSplit = StratifiedSampler.sample(rest.labels(), rest.classCount(), validationSize, seed);
    ImageDataset validation = rest.subset(validationSplit.chosen(),
        with(common, "split", "validation: " + validationSize + " stratified from the source"));
    ImageDataset train = rest.subset(validationSplit.rest(), with(common, "split", "train: the source less validation and test"));
    if (train.size() < 1) {
      throw new InvalidInputException(source, null, pool.size() + " images are too few for train, validation, calibration and test");
    }
    int calibrationSize = (int) Math.max(1, Math.min(calibrationLimit, Math.round(train.size() / 10.0)));
    StratifiedSampler.Split calibrationSplit = StratifiedSampler.sample(train.labels(), train.classCount(), calibrationSize, seed + 1);
    ImageDataset calibration = train.subset(calibrationSplit.chosen(),
        with(common, "split", "calibration: " + calibrationSize + " stratified from train"));
    Map<String, ImageDataset> splits = new LinkedHashMap<>();
    splits.put(DatasetSplits.TRAIN, train);
    splits.put(DatasetSplits.VALIDATION, validation);
    splits.put(DatasetSplits.CALIBRATION, calibration);
    splits.put(DatasetSplits.TEST, test);
    return splits;
  }

  /** Draws the four splits and writes them into {@code out} as one dataset folder, atomically. */
  public FashionMnistImport.Result drawAndWrite(
      String source, ImageDataset pool, ImageDataset givenTest, long seed, Map<String, String> common, Path out)
      throws IOException {
    return FashionMnistImport.write(out, draw(source, pool, givenTest, seed, common));
  }

  private static int atLeastOne(String source, String split, long size, int available) {
    if (size < 1 || size >= available) {
      throw new InvalidInputException(source, null,
          available + " images are too few to draw a " + split + " split and keep images for train");
    }
    return (int) size;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    return FashionMnistImport.with(base, key, value);
  }
}
