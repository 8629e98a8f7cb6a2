package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.model.onnx.OnnxImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep import-onnx}: makes an ONNX classifier (e.g. from torch.onnx.export) a sweep's teacher. */
@Command(
    name = "import-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Make an ONNX classifier (as torch.onnx.export writes it) an edgesweep model that every stage can compress.",
      "Reads opsets 13-17: input [batch,C,H,W] in [0,1], output class scores, batch norm folded.",
      "Translates plain chains of Conv+ReLU, MaxPool, Flatten and Gemm+ReLU (MLPs, LeNet-5), checked against ONNX Runtime on the validation split.",
      "Residual, depthwise and strided models are read but refused: they need the general layer graph, not built yet."
    })
public final class ImportOnnxCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, description = "The ONNX file (.onnx).")
  Path file;

  @Option(names = "--data", required = true, description = "Dataset folder the model was trained for (its image shape and classes must match).")
  Path data;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--force", description = "Replace the model folder at --out if there is one.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ModelOutput.checkReplaceable(out, force);
    String command = CommandLines.describe("import-onnx", "--file", file.toString(), "--data", data.toString(), "--out", out.toString());
    OnnxImport.Result result = OnnxImport.importModel(file, new DatasetSplits(data), command);
    result.artifact().writeTo(out);
    System.out.printf("read %s (opset %d, %s): %s, %,d parameters%n", file, result.graph().opset(), result.graph().producer(),
        result.artifact().architecture(), result.artifact().manifest().parameterCount());
    System.out.printf("matches ONNX Runtime on %s: largest logit difference %.2g, every predicted class the same%n",
        new DatasetSplits(data).validation(), result.maxLogitDifference());
    System.out.printf("validation accuracy %.2f%%, test accuracy %.2f%%%n", 100 * result.validationAccuracy(), 100 * result.testAccuracy());
    System.out.printf("wrote %s (use it as the teacher: teacher: {model: %s})%n", out, out);
    return 0;
  }
}
