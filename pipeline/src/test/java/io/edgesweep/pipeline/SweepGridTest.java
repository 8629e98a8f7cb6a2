package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.TrainingSettings;
import io.edgesweep.transforms.DistillTask;
import io.edgesweep.transforms.PruneTask;
import io.edgesweep.transforms.QuantizeTask;
import io.edgesweep.transforms.VariantCoordinates;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepGridTest {
  static final DataFingerprint DATA = new DataFingerprint("tr", "va", "ca", "te");

  static SweepSpec spec(List<String> students, List<Double> temperatures, List<String> methods, List<Double> ratios, List<String> bits, List<String> granularities) {
    return new SweepSpec("s.yaml", "s", 1, Path.of("d"),
        new SweepSpec.Teacher(null, "mlp:784-30-10", new TrainingSettings(1, 32, 1e-3, true, 1)),
        new SweepSpec.Distillation(students, temperatures, 0.7, 1, 32, 1e-3),
        new SweepSpec.Pruning(methods, ratios, 1, 32, 1e-3),
        new SweepSpec.Quantization(bits, granularities, List.of("symmetric"), List.of("int8"), "minmax"),
        List.of(), 100);
  }

  @Test
  void eachStageRunsOncePerDistinctKeyNotOncePerVariant() {
    SweepGrid grid = SweepGrid.expand(
        spec(List.of("mlp:784-10-10"), java.util.Arrays.asList(null, 2.0, 4.0), List.of("magnitude-global"),
            List.of(0.5, 0.8, 0.9, 0.95), List.of("32", "8", "6", "4"), List.of("per-channel")),
        "teacher", "mlp:784-30-10", DATA);
    assertThat(grid.variants()).hasSize(48);
    assertThat(grid.distillRuns()).isEqualTo(3);
    assertThat(grid.pruneRuns()).isEqualTo(12);
    assertThat(grid.leaves()).isEqualTo(48);
    assertThat(grid.variants()).extracting(VariantCoordinates::id).doesNotHaveDuplicates();
  }

  @Test
  void stagesThatChangeNothingMergeWithTheirParent() {
    SweepGrid grid = SweepGrid.expand(
        spec(List.of("teacher", "mlp:784-10-10"), java.util.Arrays.asList(null, 2.0), List.of("magnitude-global", "magnitude-per-layer"),
            List.of(0.0, 0.5), List.of("32", "8"), List.of("per-channel", "per-tensor")),
        "teacherkey", "mlp:784-30-10", DATA);
    // 2 students x 2 T x 2 methods x 2 ratios x 2 bits x 2 granularities
    assertThat(grid.variants()).hasSize(64);
    DistillTask teacherItself = grid.distillations().get(0);
    assertThat(teacherItself.identity()).isTrue();
    assertThat(teacherItself.key()).isEqualTo("teacherkey");
    assertThat(grid.distillRuns()).isEqualTo(3);
    // Per distillation: ratio 0 under both methods is one pass-through node, plus one prune per method at 0.5.
    for (DistillTask d : grid.distillations()) {
      assertThat(d.prunes()).hasSize(3);
      PruneTask unpruned = d.prunes().get(0);
      assertThat(unpruned.identity()).isTrue();
      assertThat(unpruned.key()).isEqualTo(d.key());
      // 32-bit weights under both granularities are one pass-through leaf; 8-bit gives two.
      assertThat(unpruned.quantizations()).hasSize(3);
      QuantizeTask float32 = unpruned.quantizations().get(0);
      assertThat(float32.identity()).isTrue();
      assertThat(float32.key()).isEqualTo(d.key());
      // That leaf serves 2 methods x 2 granularities = 4 variants.
      assertThat(float32.variants()).hasSize(4);
    }
    assertThat(grid.pruneRuns()).isEqualTo(8);
    Set<String> leafKeys = new HashSet<>();
    grid.allLeaves().forEach(q -> assertThat(leafKeys.add(q.key())).as("leaf keys are distinct").isTrue());
    assertThat(grid.allLeaves().stream().mapToInt(q -> q.variants().size()).sum()).isEqualTo(64);
  }

  @Test
  void keysChangeWithTheDataAndTheSeed() {
    SweepSpec spec = spec(List.of("mlp:784-10-10"), List.of(2.0), List.of("magnitude-global"), List.of(0.5), List.of("8"), List.of("per-channel"));
    String key = SweepGrid.expand(spec, "t", "mlp:784-30-10", DATA).allLeaves().get(0).key();
    assertThat(SweepGrid.expand(spec, "t", "mlp:784-30-10", DATA).allLeaves().get(0).key()).isEqualTo(key);
    assertThat(SweepGrid.expand(spec, "t", "mlp:784-30-10", new DataFingerprint("other", "va", "ca", "te")).allLeaves().get(0).key()).isNotEqualTo(key);
    assertThat(SweepGrid.expand(spec, "t2", "mlp:784-30-10", DATA).allLeaves().get(0).key()).isNotEqualTo(key);
  }
}
