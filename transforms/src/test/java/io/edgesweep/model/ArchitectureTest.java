package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  @Test
  void lenet300100HasTheTextbookParameterCount() {
    // 784*300+300 + 300*100+100 + 100*10+10 = 235,500 + 30,100 + 1,010 = 266,610
    Architecture mlp = Architecture.parse("mlp:784-300-100-10");
    assertThat(Initialization.pytorchDefault(mlp, 1).count()).isEqualTo(266_610);
    assertThat(mlp.weightLayers()).extracting(WeightLayer::name).containsExactly("fc1", "fc2", "fc3");
    assertThat(mlp.weightLayers().get(2).relu()).isFalse();
  }

  @Test
  void lenet5ResolvesItsSizes() {
    Architecture lenet = Architecture.parse("lenet5");
    Layer.Conv conv1 = (Layer.Conv) lenet.layers().get(0);
    assertThat(conv1.outHeight()).isEqualTo(28);
    // conv1 28x28 (padded) -> pool 14 -> conv2 10 -> pool 5: 16*5*5 = 400 inputs to fc1
    Layer.Dense fc1 = (Layer.Dense) lenet.weightLayers().get(2);
    assertThat(fc1.inputs()).isEqualTo(400);
    // conv1 MACs: 6 filters * 1*5*5 weights * 28*28 positions = 117,600
    assertThat(conv1.macs()).isEqualTo(117_600);
    // 6*25+6 + 16*6*25+16 + 400*120+120 + 120*84+84 + 84*10+10 = 61,706
    assertThat(Initialization.pytorchDefault(lenet, 1).count()).isEqualTo(61_706);
  }

  @Test
  void narrowingGivesTheSpecOfTheSmallerModel() {
    assertThat(Architecture.parse("mlp:784-300-100-10").withOutputs(Map.of("fc1", 150, "fc2", 40)).spec())
        .isEqualTo("mlp:784-150-40-10");
    assertThat(Architecture.parse("lenet5").withOutputs(Map.of("conv1", 3)).spec())
        .isEqualTo("cnn:1x28x28:c3k5p2-m2-c16k5-m2-f120-f84-f10");
    assertThat(Architecture.parse("lenet5").withOutputs(Map.of()).spec()).isEqualTo("lenet5");
  }

  @Test
  void malformedSpecsSayWhatIsWrong() {
    assertThatThrownBy(() -> Architecture.parse("mlp:784")).isInstanceOf(InvalidInputException.class).hasMessageContaining("at least");
    assertThatThrownBy(() -> Architecture.parse("mlp:784-0-10")).isInstanceOf(InvalidInputException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> Architecture.parse("mlp:784-x-10")).isInstanceOf(InvalidInputException.class).hasMessageContaining("'x'");
    assertThatThrownBy(() -> Architecture.parse("resnet18")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown architecture");
    assertThatThrownBy(() -> Architecture.parse("cnn:1x28x28:c6k5-q2-f10")).isInstanceOf(InvalidInputException.class).hasMessageContaining("'q2'");
    assertThatThrownBy(() -> Architecture.parse("cnn:1x4x4:c6k5-f10")).isInstanceOf(InvalidInputException.class).hasMessageContaining("leaves no output");
    assertThatThrownBy(() -> Architecture.parse("cnn:1x28x28:c6k5-m2")).isInstanceOf(InvalidInputException.class).hasMessageContaining("must end in a dense layer");
    assertThatThrownBy(() -> Architecture.parse("cnn:1x28x28:f10-c6k5")).isInstanceOf(InvalidInputException.class).hasMessageContaining("after a dense layer");
    assertThatThrownBy(() -> Architecture.parse("")).isInstanceOf(InvalidInputException.class);
  }
}
