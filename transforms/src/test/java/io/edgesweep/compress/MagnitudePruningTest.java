package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MagnitudePruningTest {

  static ParameterSet params(Map<String, Tensor> tensors) {
    return new ParameterSet(new LinkedHashMap<>(tensors));
  }

  @Test
  void exactlyTheKSmallestMagnitudesAreZeroed() {
    Tensor w = new Tensor(new int[] {3, 4}, new float[] {
        0.9f, -0.1f, 0.4f, -0.7f,
        0.05f, 0.6f, -0.3f, 0.2f,
        -0.8f, 0.15f, 0.5f, -0.02f});
    ParameterSet p = params(Map.of("fc.weight", w));
    // ratio 0.5 of 12: k = 6, the six smallest |w| are 0.02, 0.05, 0.1, 0.15, 0.2, 0.3.
    ParameterSet pruned = MagnitudePruning.global(p, List.of("fc.weight"), 0.5).applyTo(p);
    assertThat(pruned.get("fc.weight").values()).containsExactly(
        0.9f, 0f, 0.4f, -0.7f,
        0f, 0.6f, 0f, 0f,
        -0.8f, 0f, 0.5f, 0f);
    // The original is untouched.
    assertThat(p.get("fc.weight").values()[1]).isEqualTo(-0.1f);
    // ratio 0.25 of 12 = 3: 0.02, 0.05, 0.1.
    assertThat(MagnitudePruning.perLayer(p, List.of("fc.weight"), 0.25).applyTo(p).get("fc.weight").values()).containsExactly(
        0.9f, 0f, 0.4f, -0.7f,
        0f, 0.6f, -0.3f, 0.2f,
        -0.8f, 0.15f, 0.5f, 0f);
  }

  @Test
  void tiesAreBrokenByPositionSoExactlyKGo() {
    Tensor w = new Tensor(new int[] {2, 3}, new float[] {0.5f, -0.5f, 0.5f, 1f, 0.5f, -0.5f});
    ParameterSet p = params(Map.of("w.weight", w));
    PruningMask mask = MagnitudePruning.global(p, List.of("w.weight"), 0.5);
    assertThat(mask.removedCount()).isEqualTo(3);
    assertThat(mask.applyTo(p).get("w.weight").values()).containsExactly(0f, 0f, 0f, 1f, 0.5f, -0.5f);
  }

  @Test
  void removedCountRoundsHalfToEvenAsTorchPruneDoes() {
    assertThat(MagnitudePruning.removedCount(10, 0.25)).isEqualTo(2); // 2.5 -> 2
    assertThat(MagnitudePruning.removedCount(10, 0.35)).isEqualTo(4); // 3.5 -> 4
    assertThat(MagnitudePruning.removedCount(10, 0.0)).isZero();
    assertThat(MagnitudePruning.removedCount(266200, 0.9)).isEqualTo(239580);
  }

  @Test
  void globalAndPerLayerChooseDifferentlyWhereLayersDifferInScale() {
    // Layer a holds large weights, layer b small ones.
    ParameterSet p = params(new LinkedHashMap<>(Map.of(
        "a.weight", new Tensor(new int[] {2, 2}, new float[] {5f, -6f, 7f, 8f}),
        "b.weight", new Tensor(new int[] {2, 2}, new float[] {1f, -2f, 3f, -4f}))));
    List<String> names = List.of("a.weight", "b.weight");
    // Global, half of 8: the four smallest overall, i.e. all of b.
    ParameterSet global = MagnitudePruning.global(p, names, 0.5).applyTo(p);
    assertThat(global.get("a.weight").values()).containsExactly(5f, -6f, 7f, 8f);
    assertThat(global.get("b.weight").values()).containsExactly(0f, 0f, 0f, 0f);
    // Per layer, half of each: 5, -6 from a and 1, -2 from b.
    ParameterSet perLayer = MagnitudePruning.perLayer(p, names, 0.5).applyTo(p);
    assertThat(perLayer.get("a.weight").values()).containsExactly(0f, 0f, 7f, 8f);
    assertThat(perLayer.get("b.weight").values()).containsExactly(0f, 0f, 3f, -4f);
  }

  @Test
  void anEarlierMaskIsKeptWhenTheRatioGrows() {
    Tensor w = new Tensor(new int[] {1, 6}, new float[] {0.3f, 0.1f, 0.6f, 0.2f, 0.5f, 0.4f});
    ParameterSet p = params(Map.of("w.weight", w));
    List<String> names = List.of("w.weight");
    PruningMask first = MagnitudePruning.global(p, names, 2.0 / 6);
    ParameterSet afterFirst = first.applyTo(p);
    // A fine-tune could have changed the kept weights; say 0.6 fell to 0.05.
    afterFirst.get("w.weight").values()[2] = 0.05f;
    PruningMask second = MagnitudePruning.global(afterFirst, names, 3.0 / 6, first);
    assertThat(second.applyTo(afterFirst).get("w.weight").values()).containsExactly(0.3f, 0f, 0f, 0f, 0.5f, 0.4f);
    for (int i = 0; i < 6; i++) {
      if (first.isRemoved("w.weight", i)) {
        assertThat(second.isRemoved("w.weight", i)).isTrue();
      }
    }
  }

  @Test
  void onlyTheNamedTensorsAreMasked() {
    ParameterSet p = params(new LinkedHashMap<>(Map.of(
        "fc.weight", new Tensor(new int[] {1, 2}, new float[] {0.1f, 0.2f}),
        "fc.bias", new Tensor(new int[] {1}, new float[] {0.001f}))));
    PruningMask mask = MagnitudePruning.global(p, List.of("fc.weight"), 0.5);
    assertThat(mask.names()).containsExactly("fc.weight");
    assertThat(mask.applyTo(p).get("fc.bias").values()).containsExactly(0.001f);
    assertThat(mask.sparsity()).isEqualTo(0.5);
  }
}
