package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageShape;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.onnx.OnnxChain;
import io.edgesweep.model.onnx.OnnxGraphReader;
import io.edgesweep.model.onnx.OnnxLayerGraph;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Structured pruning on the imported ResNet-8 and depthwise CNN: the narrowed model is the masked one. */
class StructuredPruningGraphTest {

  @ParameterizedTest
  @CsvSource({
    // Only the first convolution of each residual block may shrink: the others write into an add.
    "resnet8, 'conv2,conv4,conv7', graph:1x28x28:c16k3p1-r-c9k3p1-r-c16k3p1-add2-r-c19k3s2p1-r-c32k3p1-c32k1s2@7-add10-r-c37k3s2p1-r-c64k3p1-c64k1s2@13-add16-r-gap-flat-f10",
    // The stem and both pointwise convolutions shrink; each depthwise convolution follows its producer.
    "dscnn, 'conv1,conv3,conv5', graph:1x28x28:c12k3s2p1-r6-c12k3p1g12-r6-c23k1-r6-c23k3s2p1g23-r6-c47k1-r6-a7-flat-f10"
  })
  void theNarrowedGraphComputesWhatTheMaskedGraphComputes(String name, String prunable, String narrowed) {
    Path file = TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/" + name + ".onnx");
    OnnxChain.Translation model = OnnxLayerGraph.translate(OnnxGraphReader.read(file, new ImageShape(1, 28, 28), 10));
    Architecture graph = model.architecture();
    ParameterSet p = model.parameters();
    assertThat(new ChannelSources(graph).prunable()).extracting(w -> w.name()).containsExactly(prunable.split(","));

    StructuredPruning.Selection s = StructuredPruning.select(graph, p, 0.4);
    Architecture narrow = s.architecture();
    // One common keep fraction f for every prunable layer (0.58 and 0.73 here, to remove 40% of the weights).
    assertThat(narrow.spec()).isEqualTo(narrowed);
    StructuredPruningTest.assertNarrowedComputesWhatMaskedComputes(name, graph, p, s);
  }
}
