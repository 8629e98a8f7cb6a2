package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PrecisionTest {
  @Test
  void parsesTheNamesProfilesUse() {
    assertThat(Precision.parse("fp32", "f", "k")).isEqualTo(Precision.FP32);
    assertThat(Precision.parse("fp16", "f", "k")).isEqualTo(Precision.FP16);
    assertThat(Precision.parse("int8", "f", "k")).isEqualTo(Precision.INT8);
    assertThat(Precision.parse(" INT4 ", "f", "k")).isEqualTo(Precision.integer(4));
    assertThat(Precision.integer(6)).hasToString("int6");
  }

  @Test
  void rejectsWhatIsNotAPrecisionNamingTheField() {
    for (String bad : List.of("fp8", "int0", "int17", "int", "eight", "")) {
      assertThatThrownBy(() -> Precision.parse(bad, "device-profiles/x.yaml", "weights.precisions[0]"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("device-profiles/x.yaml")
          .hasMessageContaining("weights.precisions[0]");
    }
  }

  @Test
  void sweepBitsMean32ForTheFloatModelAndIntegersOtherwise() {
    assertThat(Precision.ofSweepBits(32)).isEqualTo(Precision.FP32);
    assertThat(Precision.ofSweepBits(8)).isEqualTo(Precision.INT8);
    assertThat(Precision.ofSweepBits(2)).isEqualTo(Precision.integer(2));
    assertThatThrownBy(() -> Precision.ofSweepBits(24)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ordersIntegersBeforeFloatsNarrowestFirst() {
    TreeSet<Precision> set = new TreeSet<>(List.of(Precision.FP32, Precision.INT8, Precision.FP16, Precision.integer(4), Precision.integer(16)));
    assertThat(set).containsExactly(Precision.integer(4), Precision.INT8, Precision.integer(16), Precision.FP16, Precision.FP32);
  }
}
