package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredPruningTest {

  @Test
  void removesTheWeakestNeuronWithItsRowBiasAndNextLayerColumn() {
    Architecture arch = Architecture.parse("mlp:3-3-2");
    Map<String, Tensor> t = new LinkedHashMap<>();
    // Row norms: unit 0 = 1, unit 1 = sqrt(0.02) (weakest), unit 2 = 3.
    t.put("fc1.weight", new Tensor(new int[] {3, 3}, new float[] {1, 0, 0, 0.1f, -0.1f, 0, 0, 3, 0}));
    t.put("fc1.bias", new Tensor(new int[] {3}, new float[] {0.5f, 0.6f, 0.7f}));
    t.put("fc2.weight", new Tensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    t.put("fc2.bias", new Tensor(new int[] {2}, new float[] {-1, -2}));
    ParameterSet p = new ParameterSet(t);
    // 15 weights; removing one hidden unit removes 3 + 2 = 5 of them: a third.
    StructuredPruning.Selection s = StructuredPruning.select(arch, p, 1.0 / 3);
    assertThat(s.architecture().spec()).isEqualTo("mlp:3-2-2");
    ParameterSet narrow = s.narrow(p);
    assertThat(narrow.get("fc1.weight").shape()).containsExactly(2, 3);
    assertThat(narrow.get("fc1.weight").values()).containsExactly(1, 0, 0, 0, 3, 0);
    assertThat(narrow.get("fc1.bias").values()).containsExactly(0.5f, 0.7f);
    assertThat(narrow.get("fc2.weight").values()).containsExactly(1, 3, 4, 6);
    assertThat(narrow.get("fc2.bias").values()).containsExactly(-1, -2);
    PruningMask mask = s.mask();
    assertThat(mask.removedCount()).isEqualTo(5);
    assertThat(mask.applyTo(p).get("fc1.weight").values()).containsExactly(1, 0, 0, 0, 0, 0, 0, 3, 0);
    assertThat(mask.applyTo(p).get("fc2.weight").values()).containsExactly(1, 0, 3, 4, 0, 6);
  }

  @Test
  void narrowedModelComputesWhatTheMaskedModelComputes() {
    for (String spec : List.of("mlp:784-64-32-10", "cnn:1x28x28:c6k5p2-m2-c8k3-m2-f24-f10")) {
      Architecture arch = Architecture.parse(spec);
      ParameterSet p = Initialization.pytorchDefault(arch, 11);
      StructuredPruning.Selection s = StructuredPruning.select(arch, p, 0.5);
      Architecture narrow = s.architecture();
      assertThat(narrow.spec()).as(spec).isNotEqualTo(spec);
      assertNarrowedComputesWhatMaskedComputes(spec, arch, p, s);
    }
  }

  /** The narrowed model's logits on the validation split equal the masked model's to 1e-5, and the mask removes what narrowing removes. */
  static void assertNarrowedComputesWhatMaskedComputes(String label, Architecture arch, ParameterSet p, StructuredPruning.Selection s) {
    Architecture narrow = s.architecture();
    float[] masked = logits(arch, s.mask().applyTo(p));
    float[] removed = logits(narrow, s.narrow(p));
    assertThat(removed.length).isEqualTo(masked.length);
    for (int i = 0; i < masked.length; i++) {
      assertThat(removed[i]).as("%s logit %d", label, i).isCloseTo(masked[i], within(1e-5f));
    }
    // The mask removes exactly the weights the narrower model does not have.
    long before = WeightTensors.count(p, WeightTensors.names(arch, p));
    ParameterSet n = s.narrow(p);
    long after = WeightTensors.count(n, WeightTensors.names(narrow, n));
    assertThat(s.mask().removedCount()).as(label).isEqualTo(before - after);
  }

  @Test
  void theShareRemovedIsAsCloseToTheRatioAsWholeUnitsAllow() {
    Architecture arch = Architecture.parse("mlp:784-300-100-10");
    ParameterSet p = Initialization.pytorchDefault(arch, 2);
    long total = 784 * 300 + 300 * 100 + 100 * 10;
    for (double ratio : new double[] {0.1, 0.5, 0.8, 0.9}) {
      StructuredPruning.Selection s = StructuredPruning.select(arch, p, ratio);
      double achieved = (double) s.mask().removedCount() / total;
      // Keeping one more unit in fc1 moves the share by at most 785/total + 100/total < 0.004.
      assertThat(achieved).as("ratio %s -> %s", ratio, s.architecture()).isCloseTo(ratio, within(0.004));
    }
    assertThat(StructuredPruning.select(arch, p, 0.0).architecture().spec()).isEqualTo("mlp:784-300-100-10");
  }

  @Test
  void theOutputLayerKeepsItsClasses() {
    Architecture arch = Architecture.parse("lenet5");
    StructuredPruning.Selection s = StructuredPruning.select(arch, Initialization.pytorchDefault(arch, 1), 0.7);
    assertThat(s.architecture().classCount()).isEqualTo(10);
    assertThat(s.kept()).doesNotContainKey("fc3");
  }

  @Test
  void torchScriptCannotBeNarrowed() {
    assertThatThrownBy(() -> StructuredPruning.select(Architecture.parse("torchscript:m.pt"), new ParameterSet(Map.of()), 0.5))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("torchscript:m.pt")
        .hasMessageContaining("magnitude-global");
  }

  private static float[] logits(Architecture arch, ParameterSet p) {
    try (Classifier c = Classifier.open(arch, p, null, null)) {
      return Predictions.of(c, new InMemoryBatches(MiniData.validation()), 250).logits();
    }
  }
}
