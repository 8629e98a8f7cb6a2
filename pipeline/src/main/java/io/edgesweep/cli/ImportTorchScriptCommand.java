package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.pipeline.SplitChecks;
import io.edgesweep.model.TorchScriptImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep import-torchscript}: makes a PyTorch-trained classifier a sweep's teacher. */
@Command(
    name = "import-torchscript",
    mixinStandardHelpOptions = true,
    description = {
      "Wrap a TorchScript classifier (torch.jit.script or trace; input [B,C,H,W] in [0,1], output class scores) as an edgesweep model.",
      "In a sweep it teaches mlp:/cnn: students but cannot be a variant itself (the cost model needs layer sizes a compiled graph",
      "does not expose); for that, export the model with torch.onnx.export and use import-onnx."
    })
public final class ImportTorchScriptCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, description = "The TorchScript file (.pt).")
  Path file;

  @Option(names = "--data", required = true, description = "Dataset folder it was trained for (its validation and test splits are scored).")
  Path data;

  @Option(names = "--out", required = true, description = "Model folder to write.")
  Path out;

  @Option(names = "--force", description = "Replace the model folder at --out if there is one.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ModelOutput.checkReplaceable(out, force);
    SplitChecks.check(new DatasetSplits(data));
    String command = CommandLines.describe("import-torchscript", "--file", file.toString(), "--data", data.toString(), "--out", out.toString());
    TorchScriptImport.Result result = TorchScriptImport.importModel(file, new DatasetSplits(data), command);
    result.artifact().writeTo(out);
    System.out.printf("validation accuracy %.2f%%, test accuracy %.2f%% (%,d parameters: %s)%n",
        100 * result.validationAccuracy(), 100 * result.testAccuracy(), result.artifact().manifest().parameterCount(),
        String.join(", ", result.artifact().parameters().names()));
    System.out.printf("wrote %s%n", out);
    return 0;
  }
}
