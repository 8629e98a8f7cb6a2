package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.model.ModelArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QDQ graph is written the way ONNX Runtime's static quantization writes it, so the runtime
 * turns the quantized layers into integer kernels; with 4-bit containers it cannot, and runs them
 * in float.
 */
class OnnxIntegerKernelsTest {
  @Test
  void int8WeightsAndActivationsRunAsIntegerKernels() {
    ModelArtifact mlp = ExportFixtures.quantized(ExportFixtures.MLP, "8", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    List<String> ops = OnnxSessions.optimizedOperators(ExportFixtures.onnx(mlp, ExportFixtures.MLP, OnnxExport.Options.defaults()), "mlp");
    assertThat(ops).filteredOn(op -> op.equals("com.microsoft:QGemm")).hasSize(3);
    assertThat(ops).doesNotContain("Gemm", "DequantizeLinear");

    ModelArtifact cnn = ExportFixtures.quantized(ExportFixtures.CNN, "8", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    assertThat(OnnxSessions.optimizedOperators(ExportFixtures.onnx(cnn, ExportFixtures.CNN, OnnxExport.Options.defaults()), "cnn"))
        .contains("com.microsoft:QLinearConv", "com.microsoft:QGemm");
  }

  @Test
  void floatBiasesAreWrittenAsTheSweepHasThem() throws Exception {
    ModelArtifact mlp = ExportFixtures.quantized(ExportFixtures.MLP, "8", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    ai.onnx.proto.OnnxMl.GraphProto g = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
        ExportFixtures.onnx(mlp, ExportFixtures.MLP, new OnnxExport.Options(true, false))).getGraph();
    assertThat(g.getInitializerList()).filteredOn(t -> t.getName().endsWith(".bias"))
        .allMatch(t -> t.getDataType() == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE).hasSize(3);
    assertThat(g.getInitializerList()).noneMatch(t -> t.getDataType() == ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32_VALUE);
  }

  @Test
  void int8ContainersLetFourBitWeightsRunAsIntegerKernels() {
    ModelArtifact mlp = ExportFixtures.quantized(ExportFixtures.MLP, "4", Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    assertThat(OnnxSessions.optimizedOperators(ExportFixtures.onnx(mlp, ExportFixtures.MLP, OnnxExport.Options.defaults()), "int4"))
        .doesNotContain("com.microsoft:QGemm");
    assertThat(OnnxSessions.optimizedOperators(ExportFixtures.onnx(mlp, ExportFixtures.MLP, new OnnxExport.Options(false, true)), "int8"))
        .filteredOn(op -> op.equals("com.microsoft:QGemm")).hasSize(3);
  }
}
