package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.TorchRuntime;
import io.edgesweep.model.VariantBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quantized leaves of one parent evaluated together give, bit for bit, the logits each gives
 * alone, and the wide first-layer product really ran.
 */
class VariantBatchTest {
  private static final int BATCH = 256; // the mini validation split is not a multiple: a short last batch too

  @Test
  void leavesOfOneParentEvaluatedTogetherGiveEachLeafsOwnLogitsBitForBit() {
    ModelArtifact teacher = MiniData.teacher();
    List<ModelArtifact> leaves = new ArrayList<>();
    leaves.add(teacher); // a 32-bit leaf passes its parent through
    for (String bits : List.of("8", "6", "4", "2")) {
      leaves.add(weightsOnly(teacher, bits, Granularity.PER_CHANNEL));
    }
    leaves.add(weightsOnly(teacher, "4", Granularity.PER_TENSOR));
    leaves.add(quantized(teacher, "8", ActivationSettings.int8()));
    leaves.add(quantized(teacher, "4", ActivationSettings.int8()));
    leaves.add(quantized(teacher, "8", ActivationSettings.integer(2, ActivationSettings.Calibration.minMax())));
    leaves.add(quantized(teacher, "fp16", ActivationSettings.fp16()));

    List<Predictions> together;
    try (VariantBatch batch = VariantBatch.open(leaves)) {
      together = Predictions.of(batch, new InMemoryBatches(MiniData.validation()), BATCH);
    }
    assertThat(together).hasSize(leaves.size());
    for (int v = 0; v < leaves.size(); v++) {
      Predictions alone;
      try (Classifier c = leaves.get(v).open()) {
        alone = Predictions.of(c, new InMemoryBatches(MiniData.validation()), BATCH);
      }
      assertThat(together.get(v).logits()).as("leaf %d", v).containsExactly(alone.logits());
      assertThat(together.get(v).labels()).containsExactly(alone.labels());
      assertThat(together.get(v).correct()).isEqualTo(alone.correct());
    }
    // The leaves differ (else the test could not tell them apart), and the 6 float-input leaves
    // were multiplied side by side, on both the full and the short last batch, as were the two
    // leaves with 8-bit activations (one calibrated range for the images).
    assertThat(together.get(1).logits()).isNotEqualTo(together.get(0).logits());
    assertThat(together.get(4).correct()).isLessThan(together.get(0).correct());
    int size = MiniData.validation().size();
    int threads = TorchRuntime.threads();
    assertThat(VariantBatch.shapeVerdicts())
        .containsEntry(new VariantBatch.ProductShape(BATCH, 784, 300, 6, threads), true)
        .containsEntry(new VariantBatch.ProductShape(size % BATCH, 784, 300, 6, threads), true)
        .containsEntry(new VariantBatch.ProductShape(BATCH, 784, 300, 2, threads), true);
  }

  @Test
  void onlyFlattenAndDenseChainsOfOneArchitectureAreBatched() {
    assertThat(VariantBatch.supports(Architecture.parse("mlp:784-100-10"))).isTrue();
    assertThat(VariantBatch.supports(Architecture.parse("lenet5"))).isFalse();
    assertThatThrownBy(() -> VariantBatch.open(List.of(MiniData.teacher(), MiniData.untrained("mlp:784-100-10", 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot batch mlp:784-100-10 with mlp:784-300-100-10");
  }

  private static ModelArtifact weightsOnly(ModelArtifact parent, String bits, Granularity granularity) {
    return Quantization.apply(parent, new QuantizationSettings(WeightPrecision.parse(bits, "test"), granularity,
        QuantizationScheme.SYMMETRIC, ActivationSettings.off()), null, "test");
  }

  private static ModelArtifact quantized(ModelArtifact parent, String bits, ActivationSettings activations) {
    return Quantization.apply(parent, new QuantizationSettings(WeightPrecision.parse(bits, "test"), Granularity.PER_CHANNEL,
        QuantizationScheme.SYMMETRIC, activations), MiniData.calibration(), "test");
  }
}
