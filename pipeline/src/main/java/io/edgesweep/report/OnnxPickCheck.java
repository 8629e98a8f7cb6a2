package io.edgesweep.report;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.export.ExportSizes;
import io.edgesweep.export.OnnxEvaluation;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxSessions;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a pick's model.onnx in ONNX Runtime when it is exported, and says what it found for
 * pick.json: its encoding, its three sizes, and its accuracy on the run's validation split
 * against the sweep's.
 *
 * <p>The runtime's default optimizations are on, as a deployment would run it. A weight-only or
 * float pick must give the sweep's count of correct predictions exactly; with integer activations
 * the runtime's integer kernels may move it by a little (docs/export.md).
 */
final class OnnxPickCheck {
  private static final int BATCH = 250;

  private final SplitHashes splits;
  /** What a model.onnx's bytes alone decide, by their SHA-256: the same for every device that picked them. */
  private final Map<String, Facts> byModel = new HashMap<>();
  private ImageDataset validation;

  /**
   * One checker per run: devices that picked the same variant get the same model.onnx, which is
   * read, gzipped and scored once, and the validation split is read and hashed once, not once per device.
   */
  OnnxPickCheck(SplitHashes splits) {
    this.splits = splits;
  }

  private record Facts(long opset, String encoding, long gzipBytes, Object runtimeCheck) {}

  Map<String, Object> describe(byte[] onnx, long bundleBytes, Path file) {
    Facts facts = byModel.computeIfAbsent(ModelArtifact.sha256(onnx), sha -> new Facts(OnnxExport.opset(onnx),
        OnnxExport.metadata(onnx).get(OnnxExport.ENCODING), ExportSizes.gzipSize(onnx), check(onnx, file)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", PickExport.ONNX);
    m.put("opset", facts.opset());
    m.put("encoding", facts.encoding());
    m.put("sizes", new ExportSizes(bundleBytes, onnx.length, facts.gzipBytes()).toMap());
    m.put("onnx_runtime_check", facts.runtimeCheck());
    return m;
  }

  private Object check(byte[] onnx, Path file) {
    Path split = splits.file(DatasetSplits.VALIDATION);
    if (split == null || !Files.isRegularFile(split)) {
      OnnxSessions.check(onnx, file.toString());
      return "session created (full validation); the run's validation split is not here to score it";
    }
    String validationSha256 = splits.of(DatasetSplits.VALIDATION);
    if (validation == null) {
      validation = ParquetImageDatasets.read(split, validationSha256);
    }
    OnnxEvaluation.Result r = OnnxEvaluation.run(onnx, validation, validationSha256, OnnxSessions.Level.ALL, BATCH, file.toString());
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("split", DatasetSplits.VALIDATION);
    check.put("correct", r.accuracy().correct());
    check.put("examples", r.accuracy().n());
    check.put("sweep_correct", r.expected() == null ? null : r.expected().correct());
    check.put("matches_sweep", r.matches());
    return check;
  }
}
