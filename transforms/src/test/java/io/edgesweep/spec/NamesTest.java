package io.edgesweep.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.LearnedScales;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSchedule;
import io.edgesweep.compress.QatScales;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.evaluate.DeviceClass;
import io.edgesweep.evaluate.Objective;
import io.edgesweep.evaluate.SelectionRule;
import io.edgesweep.evaluate.StorageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spellings specs, profiles, stored keys and reports use come from the constants' names. */
class NamesTest {
  @Test
  void theSpellingsWrittenInSpecsAndStoredKeysAreTheConstantsNames() {
    assertThat(List.of(Granularity.PER_CHANNEL.id(), QuantizationScheme.AFFINE.id(), PruningMethod.MAGNITUDE_GLOBAL.id(),
        PruningMethod.STRUCTURED_L2.id(), PruningSchedule.ONE_SHOT.id(), QatScales.LEARNED.id(), LearnedScales.Init.FITTED.id(),
        Objective.MIN_ENERGY.yamlName(), DeviceClass.EDGE_GPU.yamlName(), StorageFormat.CSR.yamlName(),
        SelectionRule.FloorCheck.POINT_ESTIMATE.toString(), SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE.toString(),
        SelectionRule.Cost.LATENCY.toString()))
        .containsExactly("per-channel", "affine", "magnitude-global", "structured-l2", "one-shot", "learned", "fitted",
            "min-energy", "edge-gpu", "csr", "point-estimate", "cheapest-indistinguishable", "latency");
  }

  @Test
  void readsAConstantWhateverTheCaseAndBlanksAndNamesTheChoicesOtherwise() {
    assertThat(Names.parse(PruningMethod.class, " Magnitude-Per-Layer ", "spec.yaml", "grid.pruning.methods[0]", "pruning method"))
        .isEqualTo(PruningMethod.MAGNITUDE_PER_LAYER);
    assertThatThrownBy(() -> Names.parse(PruningMethod.class, "magnitude_global", "spec.yaml", "grid.pruning.methods[0]", "pruning method"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("spec.yaml")
        .hasMessageContaining("grid.pruning.methods[0]")
        .hasMessageContaining("unknown pruning method 'magnitude_global'; use one of magnitude-global, magnitude-per-layer, structured-l2");
  }
}
