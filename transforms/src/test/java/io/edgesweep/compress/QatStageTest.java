package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgesweep.spec.SpecNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The qat section's scale sources: parsed once, the default keeps its key, learned only where it applies. */
class QatStageTest {
  private static final GridContext CONTEXT = new GridContext("tk", "mlp:784-30-10", "tr", "va", "ca");

  @Test
  void recomputedScalesKeepTheKeyTheyHadBeforeLearnedScalesExisted() throws Exception {
    QatStage.Spec plain = read("epochs: [0, 2]\nlearning_rate: 0.0003\n");
    QatStage.Spec both = read("epochs: [0, 2]\nlearning_rate: 0.0003\nscales: [recomputed, learned]\nscale_learning_rate: 0.02\n");
    List<StageChoice> path = List.of(quantize(QuantizationScheme.SYMMETRIC));
    List<? extends StageChoice> before = plain.choices(CONTEXT, path);
    List<? extends StageChoice> after = both.choices(CONTEXT, path);
    assertThat(before).hasSize(2);
    assertThat(after).hasSize(3);
    // The parameters of main before learned scales (66820db), in that order.
    assertThat(before.get(1).keyParameters(CONTEXT)).containsExactly(
        java.util.Map.entry("epochs", 2), java.util.Map.entry("learning_rate", 0.0003), java.util.Map.entry("batch_size", 128),
        java.util.Map.entry("seed", 1L), java.util.Map.entry("train_sha256", "tr"), java.util.Map.entry("calibration_sha256", "ca"));
    assertThat(after.get(1).keyParameters(CONTEXT)).isEqualTo(before.get(1).keyParameters(CONTEXT));
    assertThat(after.get(2).keyParameters(CONTEXT)).containsEntry("scales", "learned").containsEntry("scale_learning_rate", 0.02)
        .containsEntry("scale_init", "fitted").hasSize(9);
    assertThat(after.get(2).describe()).isEqualTo("qat 2ep lsq");
    assertThat(after.get(2).columnValues()).containsExactly(2L, "learned");
    assertThat(after.get(1).columnValues()).containsExactly(2L, "recomputed");
    assertThat(after.get(0).columnValues()).containsExactly(0L, "");
  }

  @Test
  void learnedScalesAreNotOfferedOnAnAffineGrid() throws Exception {
    QatStage.Spec both = read("epochs: [2]\nscales: [recomputed, learned]\n");
    assertThat(both.choices(CONTEXT, List.of(quantize(QuantizationScheme.AFFINE))))
        .extracting(StageChoice::describe).containsExactly("qat 2ep");
  }

  @Test
  void anUnknownScaleSourceNamesTheFileAndKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("epochs: [2]\nscales: [fitted]\n"))
        .hasMessageContaining("s.yaml").hasMessageContaining("scales").hasMessageContaining("recomputed, learned");
  }

  private static QuantizeStage.Choice quantize(QuantizationScheme scheme) {
    return new QuantizeStage.Choice(new QuantizationSettings(WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, scheme, ActivationSettings.off()), "minmax");
  }

  private static QatStage.Spec read(String yaml) throws Exception {
    SpecNode node = new SpecNode("s.yaml", "grid.qat", new ObjectMapper(new YAMLFactory()).readTree(yaml));
    return new QatStage().read(node, 1);
  }
}
