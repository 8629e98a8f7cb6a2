package io.edgesweep.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws a smaller, stratified copy of a dataset folder, as shipped in datasets/fashion-mnist-mini.
 *
 * <p>train, validation and test are each drawn from the split of the same name; calibration is
 * drawn from the new train split, as in the full import, so that it never overlaps validation or
 * test.
 */
public final class DatasetSubset {
  private DatasetSubset() {}

  public static FashionMnistImport.Result write(
      DatasetSplits from, Path out, int train, int validation, int calibration, int test, long seed, String command)
      throws IOException {
    from.requireAll();
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("subset_of", from.folder().toString());
    extra.put("subset_seed", Long.toString(seed));
    extra.put("subset_command", command);
    ImageDataset fullTrain = ParquetImageDatasets.read(from.train());
    ImageDataset newTrain = draw(fullTrain, train, seed, extra, "train: " + train + " stratified from train");
    ImageDataset newValidation = draw(ParquetImageDatasets.read(from.validation()), validation, seed + 1, extra,
        "validation: " + validation + " stratified from validation");
    ImageDataset newCalibration = draw(newTrain, calibration, seed + 2, extra,
        "calibration: " + calibration + " stratified from the subset's train");
    ImageDataset newTest = draw(ParquetImageDatasets.read(from.test()), test, seed + 3, extra,
        "test: " + test + " stratified from test");
    return FashionMnistImport.write(out, Map.of(
        DatasetSplits.TRAIN, newTrain,
        DatasetSplits.VALIDATION, newValidation,
        DatasetSplits.CALIBRATION, newCalibration,
        DatasetSplits.TEST, newTest));
  }

  private static ImageDataset draw(ImageDataset source, int size, long seed, Map<String, String> extra, String split) {
    if (size > source.size()) {
      throw new io.edgesweep.InvalidInputException(
          source.provenance().getOrDefault("file", "dataset"), "size", "asked for " + size + " of " + source.size() + " images");
    }
    StratifiedSampler.Split chosen = StratifiedSampler.sample(source.labels(), source.classCount(), size, seed);
    Map<String, String> provenance = new LinkedHashMap<>(extra);
    provenance.put("split", split);
    return source.subset(chosen.chosen(), provenance);
  }
}
