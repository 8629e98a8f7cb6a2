package io.edgesweep.cli;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.model.onnx.OnnxImport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code edgesweep import-onnx}: makes an ONNX classifier (e.g. from torch.onnx.export) a sweep's teacher. */
@Command(
    name = "import-onnx",
    mixinStandardHelpOptions = true,
    description = {
      "Make an ONNX classifier (as torch.onnx.export writes it) an edgesweep model that every stage can compress.",
      "Reads opsets 13-17: input [batch,C,H,W] in [0,1], output class scores, batch norm folded.",
      "Plain chains (MLPs, LeNet-5) become mlp:/cnn: models; residual, depthwise and strided models (ResNet-8, MobileNet-style)",
      "become graph: models. The result is checked against ONNX Runtime on the validation split before it is written."
    })
public final class ImportOnnxCommand implements Callable<Integer> {
  @Mixin ModelImportOptions model;

  @Override
  public Integer call() throws Exception {
    DatasetSplits splits = model.checkBeforeImport();
    OnnxImport.Result result = OnnxImport.importModel(model.file, splits, model.command("import-onnx"));
    result.artifact().writeTo(model.out);
    System.out.printf("read %s (opset %d, %s): %s, %,d parameters%n", model.file, result.graph().opset(), result.graph().producer(),
        result.artifact().architecture(), result.artifact().manifest().parameterCount());
    System.out.printf("matches ONNX Runtime on %s: largest logit difference %.2g, every predicted class the same%n",
        splits.validation(), result.maxLogitDifference());
    System.out.printf("validation accuracy %.2f%%, test accuracy %.2f%%%n", 100 * result.validationAccuracy(), 100 * result.testAccuracy());
    System.out.printf("wrote %s (use it as the teacher: teacher: {model: %s})%n", model.out, model.out);
    return 0;
  }
}
