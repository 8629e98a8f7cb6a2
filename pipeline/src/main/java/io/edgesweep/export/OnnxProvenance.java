package io.edgesweep.export;

import io.edgesweep.evaluate.AccuracyEstimate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an exported ONNX model comes from, written into its {@code metadata_props} so that the file
 * alone leads back to its run: the variant, the sweep and its spec's hash, the grid coordinates,
 * and the accuracies the sweep measured with the hashes of the splits they were measured on.
 *
 * <p>{@link #fromMetadata} reads it back, so {@code run-onnx} can tell whether a split is the
 * sweep's own and compare counts.
 *
 * @param grid the variant's grid coordinates by axis name (student, temperature, pruning_ratio, ...)
 * @param validation the validation accuracy the sweep measured, or null
 * @param test the test accuracy, measured only for picks, or null
 * @param validationSha256 the SHA-256 of the validation split's file, or null
 * @param testSha256 the SHA-256 of the test split's file, or null
 */
public record OnnxProvenance(
    String variant,
    String sweep,
    String specSha256,
    String runFolder,
    String parametersSha256,
    Map<String, String> grid,
    AccuracyEstimate validation,
    String validationSha256,
    AccuracyEstimate test,
    String testSha256) {

  public static final String VARIANT = "variant";
  public static final String SWEEP = "sweep";
  public static final String SPEC_SHA256 = "spec_sha256";
  public static final String RUN_FOLDER = "run_folder";
  public static final String PARAMETERS_SHA256 = "parameters_sha256";
  static final String GRID = "grid.";
  static final String VALIDATION = "validation";
  static final String TEST = "test";

  public OnnxProvenance {
    grid = grid == null ? Map.of() : Map.copyOf(grid);
  }

  /** The metadata_props entries, in a stable order. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, VARIANT, variant);
    put(m, SWEEP, sweep);
    put(m, SPEC_SHA256, specSha256);
    put(m, RUN_FOLDER, runFolder);
    put(m, PARAMETERS_SHA256, parametersSha256);
    new TreeMap<>(grid).forEach((axis, value) -> m.put(GRID + axis, value));
    accuracy(m, VALIDATION, validation, validationSha256);
    accuracy(m, TEST, test, testSha256);
    return m;
  }

  /** Reads what {@link #metadata()} wrote; entries it does not know are ignored, missing ones are null. */
  public static OnnxProvenance fromMetadata(Map<String, String> m) {
    Map<String, String> grid = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith(GRID)) {
        grid.put(k.substring(GRID.length()), v);
      }
    });
    return new OnnxProvenance(m.get(VARIANT), m.get(SWEEP), m.get(SPEC_SHA256), m.get(RUN_FOLDER), m.get(PARAMETERS_SHA256), grid,
        accuracy(m, VALIDATION), m.get(VALIDATION + "_data_sha256"), accuracy(m, TEST), m.get(TEST + "_data_sha256"));
  }

  /** What the sweep measured on the split with this SHA-256: "validation" or "test", or null when it is neither. */
  public String splitOf(String dataSha256) {
    if (dataSha256 == null) {
      return null;
    }
    return dataSha256.equals(validationSha256) ? VALIDATION : dataSha256.equals(testSha256) ? TEST : null;
  }

  /** The sweep's accuracy on the named split, or null. */
  public AccuracyEstimate measured(String split) {
    return VALIDATION.equals(split) ? validation : TEST.equals(split) ? test : null;
  }

  private static void accuracy(Map<String, String> m, String split, AccuracyEstimate a, String sha) {
    if (a != null) {
      m.put(split + "_accuracy", Double.toString(a.accuracy()));
      m.put(split + "_correct", Long.toString(a.correct()));
      m.put(split + "_examples", Long.toString(a.n()));
    }
    put(m, split + "_data_sha256", sha);
  }

  private static AccuracyEstimate accuracy(Map<String, String> m, String split) {
    String correct = m.get(split + "_correct");
    String n = m.get(split + "_examples");
    if (correct == null || n == null) {
      return null;
    }
    try {
      return AccuracyEstimate.of(Long.parseLong(correct), Long.parseLong(n));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
