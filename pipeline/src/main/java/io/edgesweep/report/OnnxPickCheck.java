package io.edgesweep.report;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.export.ExportSizes;
import io.edgesweep.export.OnnxEvaluation;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxSessions;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private OnnxPickCheck() {}

  static Map<String, Object> describe(RunFolder run, byte[] onnx, long bundleBytes, Path file) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", PickExport.ONNX);
    m.put("opset", OnnxExport.opset(onnx));
    m.put("encoding", OnnxExport.metadata(onnx).get(OnnxExport.ENCODING));
    m.put("sizes", ExportSizes.of(bundleBytes, onnx).toMap());
    String data = run.summary().path("data").asText(null);
    Path validation = data == null ? null : new DatasetSplits(Path.of(data)).split(DatasetSplits.VALIDATION);
    if (validation == null || !Files.isRegularFile(validation)) {
      OnnxSessions.check(onnx, file.toString());
      m.put("onnx_runtime_check", "session created (full validation); the run's validation split is not here to score it");
      return m;
    }
    OnnxEvaluation.Result r = OnnxEvaluation.run(onnx, ParquetImageDatasets.read(validation), ParquetImageDatasets.sha256(validation),
        OnnxSessions.Level.ALL, BATCH, file.toString());
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("split", DatasetSplits.VALIDATION);
    check.put("correct", r.accuracy().correct());
    check.put("examples", r.accuracy().n());
    check.put("sweep_correct", r.expected() == null ? null : r.expected().correct());
    check.put("matches_sweep", r.matches());
    m.put("onnx_runtime_check", check);
    return m;
  }
}
