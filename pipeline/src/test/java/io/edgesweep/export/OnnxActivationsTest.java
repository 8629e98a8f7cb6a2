package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quantized activations in ONNX Runtime.
 *
 * <p>With float biases the QDQ graph is the sweep's simulation op for op, and ONNX Runtime run node
 * by node gives the sweep's predictions exactly (optimized, at opset 17 it may still fuse 8-bit
 * layers into QGemm). By default 8-bit layers with 8-bit inputs get int32 biases (as
 * ONNX Runtime's static quantization writes them) and the runtime fuses them into integer kernels;
 * the bias rounding and the kernels' requantization move a few activation codes by one step, and
 * the accuracy stays within 0.1 point (1 of the 1,000 test images), or within 2 points on a CPU whose
 * 8-bit products may saturate ({@link IntegerKernels}).
 */
class OnnxActivationsTest {
  @ParameterizedTest(name = "{0} w{1} a={2}")
  @CsvSource({
    "mlp:784-32-16-10, 8, int8",
    "mlp:784-32-16-10, 4, int8",
    "mlp:784-32-16-10, 8, int4",
    "mlp:784-32-16-10, 8, int12",
    "mlp:784-32-16-10, 8, fp16",
    "mlp:784-32-16-10, fp16, fp16",
    "mlp:784-32-16-10, 2, int8",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 8, int8",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 4, int8",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 8, fp16",
    "lenet5, 8, int8",
  })
  void quantizedActivationsMatchTheSweep(String arch, String weights, String activations) {
    ModelArtifact model = ExportFixtures.quantized(arch, weights, Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, settings(activations));
    Predictions sweep = ExportFixtures.sweepPredictions(model);
    assertThat(sweep.accuracy()).isGreaterThan(0.4);

    byte[] exact = ExportFixtures.onnx(model, arch, new OnnxExport.Options(true, false));
    OnnxEvaluation.Result asWritten = OnnxEvaluation.run(exact, ExportFixtures.test(), null, OnnxSessions.Level.NONE, 250, "test");
    assertThat(OnnxExportTest.predicted(asWritten.predictions())).as("float biases, node by node").containsExactly(OnnxExportTest.predicted(sweep));

    byte[] integer = ExportFixtures.onnx(model, arch, OnnxExport.Options.defaults());
    for (OnnxSessions.Level level : OnnxSessions.Level.values()) {
      OnnxEvaluation.Result ort = OnnxEvaluation.run(integer, ExportFixtures.test(), null, level, 250, "test");
      System.out.printf("%s w%s a=%s, default export, optimization %s: sweep %d/%d, ONNX Runtime %d/%d%n", arch, weights, activations, level,
          sweep.correct(), sweep.size(), ort.accuracy().correct(), ort.accuracy().n());
      assertThat(Math.abs(ort.accuracy().accuracy() - sweep.accuracy()))
          .as("default export, optimization %s (8-bit products may saturate on this CPU: %s)", level, IntegerKernels.saturationPossible())
          .isLessThanOrEqualTo(IntegerKernels.tolerance() + 1e-12);
    }
  }

  static ActivationSettings settings(String activations) {
    return activations.equals("fp16") ? ActivationSettings.fp16()
        : ActivationSettings.integer(Integer.parseInt(activations.substring(3)), ActivationSettings.Calibration.minMax());
  }
}
