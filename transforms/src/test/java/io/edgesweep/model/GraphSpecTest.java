package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphSpecTest {
  @Test
  void theShippedResNet8HasTheFixturesParametersWithBatchNormFolded() {
    Architecture resnet = Architecture.parse("resnet8");
    assertThat(resnet.isGraph()).isTrue();
    // stem 16*9+16; stack1 2*(16*16*9+16); stack2 32*16*9+32 + 32*32*9+32 + 32*16+32;
    // stack3 64*32*9+64 + 64*64*9+64 + 64*32+64; fc 64*10+10 = 77,418
    // (the PyTorch model's 77,754 less 2*336 batch-norm parameters plus 336 folded biases).
    assertThat(Initialization.pytorchDefault(resnet, 1).count()).isEqualTo(77_418);
    assertThat(resnet.layers().stream().filter(l -> l instanceof Layer.Add).count()).isEqualTo(3);
    // The stack2 shortcut reads the output of stack1's ReLU (token 7), not the conv before it.
    int shortcut = resnet.layers().indexOf(resnet.weightLayers().get(5));
    assertThat(((Layer.Conv) resnet.layers().get(shortcut)).kernel()).isEqualTo(1);
    assertThat(resnet.inputsOf(shortcut)).containsExactly(6);
    assertThat(resnet.consumersOf(6)).hasSize(2);
    Layer.Conv strided = (Layer.Conv) resnet.weightLayers().get(4);
    assertThat(strided.outHeight()).isEqualTo(14);
  }

  @Test
  void theShippedDepthwiseCnnCountsDepthwiseWeightsOncePerChannel() {
    Architecture dscnn = Architecture.parse("dscnn");
    Layer.Conv depthwise = (Layer.Conv) dscnn.weightLayers().get(1);
    assertThat(depthwise.depthwise()).isTrue();
    assertThat(depthwise.weightShape()).containsExactly(16, 1, 3, 3);
    // 16 channels * 9 weights * 14*14 positions
    assertThat(depthwise.macs()).isEqualTo(16L * 9 * 14 * 14);
    // 16*9+16 + 16*9+16 + 32*16+32 + 32*9+32 + 64*32+64 + 64*10+10 = 3,946
    assertThat(Initialization.pytorchDefault(dscnn, 1).count()).isEqualTo(3_946);
  }

  @Test
  void narrowingAProducerNarrowsTheDepthwiseConvolutionAfterIt() {
    Architecture dscnn = Architecture.parse(GraphSpec.NAMED.get("dscnn"));
    assertThat(dscnn.withOutputs(Map.of()).spec()).isEqualTo(GraphSpec.NAMED.get("dscnn"));
    assertThat(dscnn.withOutputs(Map.of("conv1", 8, "conv3", 20)).spec())
        .isEqualTo("graph:1x28x28:c8k3s2p1-r6-c8k3p1g8-r6-c20k1-r6-c20k3s2p1g20-r6-c64k1-r6-a7-flat-f10");
    Architecture resnet = Architecture.parse(GraphSpec.NAMED.get("resnet8"));
    assertThat(resnet.withOutputs(Map.of()).spec()).isEqualTo(resnet.spec());
  }

  @Test
  void everyShippedGraphParsesByNameAndWritesItselfBack() {
    for (Map.Entry<String, String> named : GraphSpec.NAMED.entrySet()) {
      Architecture byName = Architecture.parse(named.getKey());
      assertThat(byName.layers()).as(named.getKey()).isEqualTo(Architecture.parse(named.getValue()).layers());
      assertThat(byName.withOutputs(Map.of()).spec()).as(named.getKey()).isEqualTo(named.getValue());
    }
    // MLPerf Tiny's input shapes and class counts (MACs and layer shapes: MlperfTinyComparisonTest).
    assertThat(Architecture.parse("mlperf-resnet8").inputShape().toString()).isEqualTo("3x32x32");
    assertThat(Architecture.parse("mlperf-mobilenet-v1-0.25").inputShape().toString()).isEqualTo("3x96x96");
    assertThat(Architecture.parse("mlperf-dscnn").inputShape().toString()).isEqualTo("40x25x5");
  }

  @Test
  void aResidualBlockComputesWhatItSaysAndHooksBothInputsOfTheAdd() {
    // x = [[1, 2], [3, -1]]; conv1 (1x1, w 2, b -1) = [1, 3, 5, -3]; relu = [1, 3, 5, 0];
    // + x = [2, 5, 8, -1]; mean 3.5; fc1 (w 2, b 1) = 8.
    Architecture graph = Architecture.parse("graph:1x2x2:c1k1-r-add0-gap-flat-f1");
    Map<String, Tensor> values = new LinkedHashMap<>();
    values.put("conv1.weight", new Tensor(new int[] {1, 1, 1, 1}, new float[] {2}));
    values.put("conv1.bias", new Tensor(new int[] {1}, new float[] {-1}));
    values.put("fc1.weight", new Tensor(new int[] {1, 1}, new float[] {2}));
    values.put("fc1.bias", new Tensor(new int[] {1}, new float[] {1}));
    List<String> hooked = new ArrayList<>();
    try (Classifier classifier = Classifier.openWithHook(graph, new ParameterSet(values), (name, x) -> {
          hooked.add(name);
          return x;
        });
        NDManager manager = NDManager.newBaseManager()) {
      NDArray image = manager.create(new float[] {1, 2, 3, -1}, new Shape(1, 1, 2, 2));
      assertThat(classifier.logits(manager, image).toFloatArray()).containsExactly(8f);
    }
    assertThat(hooked).containsExactly("conv1", "add1.in0", "add1.in1", "fc1");
  }

  @Test
  void badGraphsAreNamed() {
    assertThatThrownBy(() -> Architecture.parse("graph:1x28x28:c8k3p1-c16k3p1-add1-gap-flat-f10"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'add1' adds activations of shapes [16, 28, 28] and [8, 28, 28]");
    assertThatThrownBy(() -> Architecture.parse("graph:1x28x28:c8k3-q-f10"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("token 'q' is none of");
    assertThatThrownBy(() -> Architecture.parse("graph:1x28x28:c8k3-f10"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("put flat before it");
    assertThatThrownBy(() -> Architecture.parse("graph:1x28x28:c8k3g3-flat-f10"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("3 groups do not divide 1 input and 8 output channels");
  }
}
