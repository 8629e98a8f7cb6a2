package io.edgesweep.report;

import io.edgesweep.export.OnnxExport;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the exports of one run's picks have in common, done once: ten devices of a sweep often
 * share three picks, and each of a pick's exports would otherwise read its models from the store,
 * re-derive its codes, build its model.onnx, gzip it, score it in ONNX Runtime and hash the run's
 * splits again (40-80 ms a device on a slow machine). What differs per device (the bundle's
 * storage formats, pick.json's device and reason) is still made per device.
 */
final class PickExportCache {
  private final RunFolder run;
  private final SplitHashes splits;
  private final OnnxPickCheck onnxCheck;
  private final Map<String, VariantExport.Models> models = new HashMap<>();
  private final Map<String, byte[]> onnx = new HashMap<>();

  PickExportCache(RunFolder run) {
    this.run = run;
    this.splits = new SplitHashes(run);
    this.onnxCheck = new OnnxPickCheck(splits);
  }

  RunFolder run() {
    return run;
  }

  SplitHashes splits() {
    return splits;
  }

  OnnxPickCheck onnxCheck() {
    return onnxCheck;
  }

  /** The variant's model and float parent, read from the run's store once. */
  VariantExport.Models models(VariantRow variant) throws IOException {
    VariantExport.Models m = models.get(variant.id());
    if (m == null) {
      m = VariantExport.models(run, variant);
      models.put(variant.id(), m);
    }
    return m;
  }

  /** The variant's model.onnx with the default options, built once; callers only read it. */
  byte[] onnx(VariantRow variant) throws IOException {
    byte[] bytes = onnx.get(variant.id());
    if (bytes == null) {
      bytes = VariantExport.onnx(run, variant, models(variant), OnnxExport.Options.defaults(), splits);
      onnx.put(variant.id(), bytes);
    }
    return bytes;
  }
}
