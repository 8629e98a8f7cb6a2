package io.edgesweep.report;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SHA-256 of a run's data splits as they are now, each file hashed at most once however many
 * exports ask: every exported pick records the validation and test hashes twice (pick.json and
 * the ONNX metadata), and a sweep exports one pick per device.
 */
final class SplitHashes {
  private final RunFolder run;
  private final Map<String, Optional<String>> hashes = new HashMap<>();

  SplitHashes(RunFolder run) {
    this.run = run;
  }

  /** The hash of one split ({@link DatasetSplits#VALIDATION}, ...), or null when the run's data folder is not here. */
  String of(String split) {
    return hashes.computeIfAbsent(split, s -> Optional.ofNullable(compute(s))).orElse(null);
  }

  private String compute(String split) {
    Path file = file(split);
    return file != null && Files.isRegularFile(file) ? ParquetImageDatasets.sha256(file) : null;
  }

  /** Where the run's data says the split is, or null when the run names no data folder. */
  Path file(String split) {
    String data = run.summary().path("data").asText(null);
    return data == null ? null : new DatasetSplits(Path.of(data)).split(split);
  }
}
