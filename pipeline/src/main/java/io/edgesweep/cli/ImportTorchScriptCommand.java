package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.model.TorchScriptImport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
  @Mixin ModelImportOptions model;

  @Override
  public Integer call() throws Exception {
    DatasetSplits splits = model.checkBeforeImport();
    TorchScriptImport.Result result = TorchScriptImport.importModel(model.file, splits, model.command("import-torchscript"));
    result.artifact().writeTo(model.out);
    System.out.printf("validation accuracy %.2f%%, test accuracy %.2f%% (%,d parameters: %s)%n",
        100 * result.validationAccuracy(), 100 * result.testAccuracy(), result.artifact().manifest().parameterCount(),
        String.join(", ", result.artifact().parameters().names()));
    System.out.printf("wrote %s%n", model.out);
    return 0;
  }
}
