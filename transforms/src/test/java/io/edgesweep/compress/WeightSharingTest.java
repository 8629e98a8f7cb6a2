package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightSharingTest {
  /**
   * Worked by hand: non-zero weights in [−0.5, 1], four centroids start at −0.5, 0, 0.5, 1. Round
   * one assigns 0.125 → 0, 0.25 → 0 (a tie with 0.5 goes to the lower index), 0.875 and 1 → 1,
   * −0.5 → −0.5; the means are 0.1875 and 0.9375, and 0.5 keeps no weight and stays. Round two
   * changes no assignment.
   */
  @Test
  void kMeansStartsLinearAndMovesCentroidsToTheirMeans() {
    float[] w = {0f, 0.125f, 0.25f, 0.875f, 1f, -0.5f, 0f};
    Codebook codebook = Codebook.cluster(w, 2, 30);
    assertThat(codebook.centroids()).containsExactly(-0.5f, 0.1875f, 0.5f, 0.9375f);
    assertThat(codebook.assignments()).containsExactly(-1, 1, 1, 3, 3, 0, -1);
    assertThat(codebook.weights()).containsExactly(0f, 0.1875f, 0.1875f, 0.9375f, 0.9375f, -0.5f, 0f);
  }

  @Test
  void aCentroidsGradientIsTheSumOverItsWeightsAndPrunedWeightsGetNone() {
    Codebook codebook = new Codebook(new float[] {-0.5f, 0.1875f, 0.5f, 0.9375f}, new int[] {-1, 1, 1, 3, 3, 0, -1});
    float[] g = {9f, 1f, 2f, 3f, 4f, 5f, 7f};
    assertThat(codebook.centroidGradients(g)).containsExactly(5f, 3f, 0f, 7f);
    assertThat(codebook.tiedGradients(g)).containsExactly(0f, 3f, 3f, 7f, 7f, 5f, 0f);
  }

  @Test
  void aPrunedModelSharesSixteenWeightsPerLayerAndKeepsItsAccuracy() {
    ModelArtifact pruned = Pruning.apply(MiniData.teacher(),
        new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.8, 1, 5e-4, 128, 1), MiniData.train(), null, "test");
    ModelArtifact kmeansOnly = WeightSharing.apply(pruned, new CodebookSettings(4, 30, 0, 1e-4, 128, 1), MiniData.train(), null, "test");
    ModelArtifact tuned = WeightSharing.apply(pruned, new CodebookSettings(4, 30, 1, 1e-4, 128, 1), MiniData.train(), null, "test");
    for (String name : WeightTensors.names(pruned.architecture(), pruned.parameters())) {
      float[] before = pruned.parameters().get(name).values();
      float[] after = tuned.parameters().get(name).values();
      Set<Float> values = new HashSet<>();
      for (int i = 0; i < before.length; i++) {
        if (before[i] == 0f) {
          assertThat(after[i]).as(name + "[" + i + "] was pruned").isZero();
        } else {
          values.add(after[i]);
        }
      }
      assertThat(values).as(name + " shares at most 2^4 values").hasSizeLessThanOrEqualTo(16);
    }
    LineageEntry.Codebook entry = (LineageEntry.Codebook) tuned.manifest().lineage().get(tuned.manifest().lineage().size() - 1);
    assertThat(entry.centroids()).containsOnlyKeys("fc1.weight", "fc2.weight", "fc3.weight");
    assertThat(entry.centroids().get("fc1.weight")).hasSize(16);
    double floatAccuracy = MiniData.validationAccuracy(pruned);
    double shared = MiniData.validationAccuracy(kmeansOnly);
    double fineTuned = MiniData.validationAccuracy(tuned);
    assertThat(shared).as("float %.4f, k-means 4-bit %.4f", floatAccuracy, shared).isCloseTo(floatAccuracy, within(0.03));
    assertThat(fineTuned).as("k-means %.4f, fine-tuned %.4f", shared, fineTuned).isGreaterThanOrEqualTo(shared - 0.01);
  }
}
