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
 * ONNX Runtime as the oracle: every exported model is accepted by session creation with strict
 * type and shape inference, and gives the sweep's own predictions on the mini test split.
 */
class OnnxExportTest {
  @ParameterizedTest(name = "{0} w{1} {2} {3}")
  @CsvSource({
    "mlp:784-32-16-10, 32, per-channel, symmetric",
    "mlp:784-32-16-10, fp16, per-channel, symmetric",
    "mlp:784-32-16-10, 16, per-channel, affine",
    "mlp:784-32-16-10, 8, per-channel, symmetric",
    "mlp:784-32-16-10, 8, per-tensor, affine",
    "mlp:784-32-16-10, 6, per-channel, symmetric",
    "mlp:784-32-16-10, 4, per-channel, symmetric",
    "mlp:784-32-16-10, 4, per-tensor, affine",
    "mlp:784-32-16-10, 3, per-channel, affine",
    "mlp:784-32-16-10, 2, per-channel, symmetric",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 32, per-channel, symmetric",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, fp16, per-channel, symmetric",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 8, per-channel, symmetric",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 6, per-tensor, symmetric",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 4, per-channel, affine",
    "cnn:1x28x28:c4k3p1-m2-c8k3-m2-f10, 2, per-channel, symmetric",
    "lenet5, 32, per-channel, symmetric",
    "lenet5, 4, per-channel, symmetric",
  })
  void weightOnlyModelsPredictInOnnxRuntimeExactlyAsInTheSweep(String arch, String weights, String granularity, String scheme) {
    ModelArtifact model = ExportFixtures.quantized(arch, weights, Granularity.parse(granularity, "test"), QuantizationScheme.parse(scheme, "test"),
        ActivationSettings.off());
    Predictions sweep = ExportFixtures.sweepPredictions(model);
    assertThat(sweep.accuracy()).as("a trained model, far from chance").isGreaterThan(0.4);
    for (boolean int4 : new boolean[] {true, false}) {
      byte[] onnx = ExportFixtures.onnx(model, arch, new OnnxExport.Options(int4, true));
      for (OnnxSessions.Level level : OnnxSessions.Level.values()) {
        OnnxEvaluation.Result ort = OnnxEvaluation.run(onnx, ExportFixtures.test(), null, level, 250, "test");
        assertThat(ort.accuracy().correct()).as("correct predictions, int4 %s, optimization %s", int4, level).isEqualTo(sweep.correct());
        assertThat(predicted(ort.predictions())).as("every prediction").containsExactly(predicted(sweep));
      }
    }
  }

  static int[] predicted(Predictions p) {
    int[] out = new int[p.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.predicted(i);
    }
    return out;
  }
}
