package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.AtomicFiles;
import io.edgesweep.export.ExportSizes;
import io.edgesweep.export.OnnxExport;
import io.edgesweep.export.OnnxSessions;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.VariantExport;
import io.edgesweep.report.VariantRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep export}: any variant of a finished run as a file another runtime loads. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write one variant of a finished run (any, not only a pick) as ONNX, from the run's artifact store,",
      "with its run, spec hash, grid coordinates and accuracies in the file's metadata; ONNX Runtime checks it",
      "(session creation with full validation) before it is written. Check its accuracy with run-onnx."
    })
public final class ExportCommand implements Callable<Integer> {
  /** The formats a variant can be written in. */
  enum Format {
    onnx
  }

  @Option(names = "--run", required = true, description = "The run folder, e.g. runs/demo.")
  Path run;

  @Option(names = "--variant", required = true, description = "A variant id of the run (variants.parquet, the report), e.g. v007.")
  String variant;

  @Option(names = "--format", defaultValue = "onnx", description = "The file format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--out", required = true, description = "The file to write, e.g. v007.onnx.")
  Path out;

  @Option(names = "--int8-containers", description = "Keep codes of 4 bits or fewer in INT8/UINT8 rather than INT4/UINT4, for runtimes without 4-bit types.")
  boolean int8Containers;

  @Option(names = "--float-biases", description = "Keep biases float32 even where a layer's weights and input are integer: the sweep's simulation op for op, "
      + "but ONNX Runtime then runs the layer in float rather than as an integer kernel.")
  boolean floatBiases;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out) && !force) {
      throw new InvalidInputException(out.toString(), null, "exists; pass --force to replace it");
    }
    RunFolder folder = RunFolder.read(run);
    VariantRow row = folder.variant(variant);
    byte[] onnx = VariantExport.onnx(folder, row, VariantExport.models(folder, row), new OnnxExport.Options(!int8Containers, !floatBiases));
    OnnxSessions.check(onnx, out.toString());
    AtomicFiles.writeFile(out, temporary -> Files.write(temporary, onnx));
    long gzip = ExportSizes.gzipSize(onnx);
    System.out.printf(Locale.ROOT, "%s (%s) -> %s: %,d bytes, %,d gzipped; opset %d, %s%n", row.id(), row.describe(), out, onnx.length, gzip,
        OnnxExport.opset(onnx), OnnxExport.metadata(onnx).get(OnnxExport.ENCODING));
    System.out.println("ONNX Runtime accepts it (session created with full validation); run-onnx --model " + out + " --data SPLIT.parquet scores it");
    return 0;
  }
}
