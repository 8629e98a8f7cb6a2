package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.export.IntegerKernels;
import io.edgesweep.export.OnnxEvaluation;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep run-onnx}: runs an exported ONNX model in ONNX Runtime on a split, to check it against the sweep. */
@Command(
    name = "run-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Run an exported model.onnx in ONNX Runtime (default graph optimizations, as a deployment runs it) on a split,",
      "print its accuracy and the operators the runtime ran, and compare with the sweep when the split is the sweep's own.",
      "Exit 1 when it is the sweep's split and the count of correct predictions differs (exactly for float and",
      "weight-only models; for integer activations by more than 0.1 point, 2 on x86 CPUs without VNNI, see docs/export.md)."
    })
public final class RunOnnxCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "The ONNX file, e.g. runs/demo/models/rpi4/model.onnx.")
  Path model;

  @Option(names = "--data", required = true, description = "A split in edgesweep's Parquet format, e.g. datasets/fashion-mnist-mini/test.parquet.")
  Path data;

  @Option(names = "--batch-size", defaultValue = "250", description = "Examples per run. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--no-optimization", description = "Run every node as written (ONNX Runtime's graph optimizations off): the sweep's simulation op for op.")
  boolean noOptimization;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(model)) {
      throw new InvalidInputException(model.toString(), null, "no such file");
    }
    byte[] bytes = Files.readAllBytes(model);
    ImageDataset dataset = ParquetImageDatasets.read(data);
    String sha = ParquetImageDatasets.sha256(data);
    OnnxSessions.Level level = noOptimization ? OnnxSessions.Level.NONE : OnnxSessions.Level.ALL;
    OnnxEvaluation.Result result = OnnxEvaluation.run(bytes, dataset, sha, level, batchSize, model.toString());
    Map<String, String> metadata = OnnxExport.metadata(bytes);
    System.out.printf(Locale.ROOT, "model %s: %s%s, %,d bytes; %s%n", model, metadata.getOrDefault("arch", "?"),
        result.provenance().variant() == null ? "" : " (variant " + result.provenance().variant() + " of " + result.provenance().sweep() + ")",
        bytes.length, metadata.getOrDefault(OnnxExport.ENCODING, "encoding not recorded"));
    System.out.println("ONNX Runtime runs: " + (noOptimization ? "every node as written" : counted(OnnxSessions.optimizedOperators(bytes, model.toString()))));
    System.out.printf(Locale.ROOT, "accuracy on %s: %s%n", data, result.accuracy());
    boolean integerActivations = metadata.getOrDefault(OnnxExport.ACTIVATIONS, "").startsWith("int");
    return SweepComparison.print(result.accuracy(), result.split(), result.expected(), integerActivations ? IntegerKernels.tolerance() : 0,
        IntegerKernels.why());
  }

  /** {@code Flatten, QuantizeLinear, com.microsoft:QGemm ×3}: the operators in order of first use, with counts. */
  static String counted(List<String> ops) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    ops.forEach(op -> counts.merge(op, 1, Integer::sum));
    StringBuilder b = new StringBuilder();
    counts.forEach((op, n) -> b.append(b.length() == 0 ? "" : ", ").append(op).append(n > 1 ? " ×" + n : ""));
    return b.toString();
  }
}
