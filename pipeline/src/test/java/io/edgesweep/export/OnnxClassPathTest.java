package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.edgesweep.model.TorchRuntime;
import java.nio.FloatBuffer;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/**
 * The ONNX protobuf classes, ONNX Runtime, Beam and DJL's PyTorch engine in one JVM: a Gemm model
 * built with {@link OnnxMl} runs in ONNX Runtime after a Beam pipeline and a DJL operation ran.
 *
 * <p>Beam and Flink vendor their own protobuf; this checks that the one tribuo-util-onnx brings
 * (3.25) is the one {@code OnnxMl} links against and that ORT's native library loads beside
 * PyTorch's.
 */
class OnnxClassPathTest {
  @Test
  void aGemmBuiltWithOnnxMlRunsInOnnxRuntimeBesideBeamAndDjl() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    p.apply(Create.of(1, 2, 3)).apply(MapElements.into(TypeDescriptors.integers()).via((Integer x) -> x * 2));
    p.run().waitUntilFinish();
    TorchRuntime.ensureConfigured();
    float djlSum;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3});
      djlSum = a.sum().getFloat();
    }
    assertThat(djlSum).isEqualTo(6f);

    // y = x·Wᵀ + b with W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -1, 2]: for x = [1, -1], y = [-0.5, -2, 1].
    OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
        .setName("gemm")
        .addInput(value("x", 1, 2))
        .addOutput(value("y", 1, 3))
        .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").addDims(3).addDims(2)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addAllFloatData(java.util.List.of(1f, 2f, 3f, 4f, 5f, 6f)))
        .addInitializer(OnnxMl.TensorProto.newBuilder().setName("b").addDims(3)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).addAllFloatData(java.util.List.of(0.5f, -1f, 2f)))
        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("W").addInput("b").addOutput("y")
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
        .build();
    byte[] model = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(OnnxMl.Version.IR_VERSION_VALUE)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
        .setGraph(graph)
        .build()
        .toByteArray();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addConfigEntry("session.strict_shape_type_inference", "1");
      try (OrtSession session = env.createSession(model, options);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, -1}), new long[] {1, 2});
          OrtSession.Result result = session.run(Map.of("x", x))) {
        float[][] y = (float[][]) result.get(0).getValue();
        assertThat(y[0]).containsExactly(-0.5f, -2f, 1f);
      }
    }
  }

  private static OnnxMl.ValueInfoProto value(String name, long... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
            OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
        .build();
  }
}
