package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.DistillStage;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QatScales;
import io.edgesweep.compress.PruneStage;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.QatStage;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizeStage;
import io.edgesweep.compress.StageSpec;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.transforms.StageTask;
import io.edgesweep.transforms.VariantCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepGridTest {
  static final DataFingerprint DATA = new DataFingerprint("tr", "va", "ca", "te");

  static SweepSpec spec(List<String> students, List<Double> temperatures, List<String> methods, List<Double> ratios, List<String> bits,
      List<String> granularities) {
    return spec(stages(students, temperatures, methods, ratios, bits, granularities));
  }

  static SweepSpec spec(List<StageSpec> stages) {
    return new SweepSpec("s.yaml", "s", 1, Path.of("d"),
        new SweepSpec.Teacher(null, "mlp:784-30-10", new TrainingSettings(1, 32, 1e-3, true, 1)), stages, List.of(), 100);
  }

  /** The three standard stages over the given axes, with the settings the keys below were computed with. */
  static List<StageSpec> stages(List<String> students, List<Double> temperatures, List<String> methods, List<Double> ratios,
      List<String> bits, List<String> granularities) {
    return List.of(
        new DistillStage.Spec(students, temperatures, 0.7, 1, 32, 1e-3, 1),
        new PruneStage.Spec(methods.stream().map(m -> PruningMethod.parse(m, "test")).toList(), ratios, 1, 32, 1e-3, 1),
        new QuantizeStage.Spec(bits.stream().map(b -> WeightPrecision.parse(b, "test")).toList(),
            granularities.stream().map(g -> Granularity.parse(g, "test")).toList(), List.of(QuantizationScheme.SYMMETRIC),
            List.of(ActivationSettings.int8()), "minmax"));
  }

  @Test
  void eachStageRunsOncePerDistinctKeyNotOncePerVariant() {
    SweepGrid grid = SweepGrid.expand(
        spec(List.of("mlp:784-10-10"), Arrays.asList(null, 2.0, 4.0), List.of("magnitude-global"),
            List.of(0.5, 0.8, 0.9, 0.95), List.of("32", "8", "6", "4"), List.of("per-channel")),
        "teacher", "mlp:784-30-10", DATA);
    assertThat(grid.variants()).hasSize(48);
    assertThat(grid.runs()).containsEntry("distill", 3).containsEntry("prune", 12).containsEntry("quantize", 36);
    assertThat(grid.leaves()).isEqualTo(48);
    assertThat(grid.variants()).extracting(VariantCoordinates::id).doesNotHaveDuplicates();
  }

  @Test
  void stagesThatChangeNothingMergeWithTheirParent() {
    SweepGrid grid = SweepGrid.expand(
        spec(List.of("teacher", "mlp:784-10-10"), Arrays.asList(null, 2.0), List.of("magnitude-global", "magnitude-per-layer"),
            List.of(0.0, 0.5), List.of("32", "8"), List.of("per-channel", "per-tensor")),
        "teacherkey", "mlp:784-30-10", DATA);
    // 2 students x 2 T x 2 methods x 2 ratios x 2 bits x 2 granularities
    assertThat(grid.variants()).hasSize(64);
    StageTask teacherItself = grid.roots().get(0);
    assertThat(teacherItself.passesThrough()).isTrue();
    assertThat(teacherItself.key()).isEqualTo("teacherkey");
    assertThat(teacherItself.outputKind()).isEqualTo("teacher");
    assertThat(grid.runs().get("distill")).isEqualTo(3);
    // Per distillation: ratio 0 under both methods is one pass-through node, plus one prune per method at 0.5.
    for (StageTask d : grid.roots()) {
      assertThat(d.children()).hasSize(3);
      StageTask unpruned = d.children().get(0);
      assertThat(unpruned.passesThrough()).isTrue();
      assertThat(unpruned.key()).isEqualTo(d.key());
      assertThat(unpruned.outputKind()).isEqualTo(d.outputKind());
      // 32-bit weights under both granularities are one pass-through leaf; 8-bit gives two.
      assertThat(unpruned.children()).hasSize(3);
      StageTask float32 = unpruned.children().get(0);
      assertThat(float32.passesThrough()).isTrue();
      assertThat(float32.key()).isEqualTo(d.key());
      assertThat(float32.floatKey()).isEqualTo(d.key());
      // That leaf serves 2 methods x 2 granularities = 4 variants.
      assertThat(float32.variants()).hasSize(4);
      // An 8-bit leaf's codes come from its float parent.
      StageTask int8 = unpruned.children().get(1);
      assertThat(int8.outputKind()).isEqualTo("quantize");
      assertThat(int8.floatKey()).isEqualTo(d.key());
      assertThat(int8.floatKind()).isEqualTo(d.outputKind());
    }
    assertThat(grid.runs().get("prune")).isEqualTo(8);
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

  @Test
  void aTorchScriptTeacherPassedThroughIsRefusedByStagesThatRebuildItsLayersBeforeTheJob() {
    List<StageSpec> stages = new java.util.ArrayList<>(stages(List.of("teacher", "mlp:784-10-10"), Arrays.asList((Double) null),
        List.of("magnitude-global"), List.of(0.5), List.of("8"), List.of("per-channel")));
    stages.add(new QatStage.Spec(List.of(0, 2), List.of(QatScales.RECOMPUTED), 1e-4, 128, io.edgesweep.compress.LearnedScales.Init.FITTED, 0.01, 1, "s.yaml", "grid.qat.epochs"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SweepGrid.expand(spec(stages), "t", "torchscript:teacher.pt", DATA))
        .isInstanceOf(io.edgesweep.InvalidInputException.class)
        .hasMessageStartingWith("s.yaml")
        .hasMessageContaining("grid.qat.epochs")
        .hasMessageContaining("TorchScript teacher");
    // A built student is trained from scratch, so QAT applies to it.
    List<StageSpec> studentOnly = new java.util.ArrayList<>(stages(List.of("mlp:784-10-10"), Arrays.asList((Double) null),
        List.of("magnitude-global"), List.of(0.5), List.of("8"), List.of("per-channel")));
    studentOnly.add(new QatStage.Spec(List.of(0, 2), List.of(QatScales.RECOMPUTED), 1e-4, 128, io.edgesweep.compress.LearnedScales.Init.FITTED, 0.01, 1, "s.yaml", "grid.qat.epochs"));
    assertThat(SweepGrid.expand(spec(studentOnly), "t", "torchscript:teacher.pt", DATA).runs()).containsEntry("qat", 1);
  }

  /**
   * fp16 weights ignore granularity and scheme, so their four combinations are one model: keyed once
   * (as per-channel symmetric), quantized and evaluated once, each variant keeping its own columns.
   */
  @Test
  void fp16IsKeyedOnceWhateverItsGranularityAndScheme() {
    List<StageSpec> stages = List.of(
        new DistillStage.Spec(List.of("mlp:784-10-10"), Arrays.asList((Double) null), 0.7, 1, 32, 1e-3, 1),
        new PruneStage.Spec(List.of(PruningMethod.parse("magnitude-global", "test")), List.of(0.5), 1, 32, 1e-3, 1),
        new QuantizeStage.Spec(List.of(WeightPrecision.parse("fp16", "test"), WeightPrecision.ofBits(8)),
            List.of(Granularity.PER_TENSOR, Granularity.PER_CHANNEL), List.of(QuantizationScheme.AFFINE, QuantizationScheme.SYMMETRIC),
            List.of(ActivationSettings.off(), ActivationSettings.int8()), "minmax"));
    SweepGrid grid = SweepGrid.expand(spec(stages), "teacher", "mlp:784-30-10", DATA);
    assertThat(grid.variants()).hasSize(16);
    // fp16 with activations off and with fp16 activations; 8 bits: 2 x 2 x 2.
    assertThat(grid.runs()).containsEntry("quantize", 2 + 8);
    List<StageTask> fp16 = grid.allLeaves().stream()
        .filter(l -> ((QuantizeStage.Choice) l.choice()).settings().weights().kind() == WeightPrecision.Kind.FP16).toList();
    assertThat(fp16).hasSize(2).allSatisfy(l -> assertThat(l.variants()).hasSize(4));
    assertThat(fp16.get(0).variants().stream().map(VariantCoordinates::describe).distinct()).hasSize(4);
    // The key is the one a per-channel symmetric fp16 choice always had, so existing entries are found.
    QuantizeStage.Choice perChannel = new QuantizeStage.Choice(new io.edgesweep.compress.QuantizationSettings(WeightPrecision.parse("fp16", "test"),
        Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.off()), "minmax");
    QuantizeStage.Choice perTensor = new QuantizeStage.Choice(new io.edgesweep.compress.QuantizationSettings(WeightPrecision.parse("fp16", "test"),
        Granularity.PER_TENSOR, QuantizationScheme.AFFINE, ActivationSettings.off()), "minmax");
    io.edgesweep.compress.GridContext context = new io.edgesweep.compress.GridContext("t", "mlp:784-30-10", "tr", "va", "ca");
    assertThat(perTensor.keyParameters(context)).isEqualTo(perChannel.keyParameters(context))
        .containsEntry("granularity", "per-channel").containsEntry("scheme", "symmetric");
    QuantizeStage.Choice int8 = new QuantizeStage.Choice(new io.edgesweep.compress.QuantizationSettings(WeightPrecision.ofBits(8),
        Granularity.PER_TENSOR, QuantizationScheme.AFFINE, ActivationSettings.off()), "minmax");
    assertThat(int8.keyParameters(context)).containsEntry("granularity", "per-tensor").containsEntry("scheme", "affine");
  }

  /**
   * The tree, keys, evaluation keys and variant descriptions are exactly those the code before the
   * stage plug-ins computed (its output is kept in stage-keys-before-plugins.txt): every model and
   * evaluation already in a user's store is still found. Since fp16 is keyed once, its per-tensor
   * nodes are gone and their variants are served by the per-channel node, whose key is unchanged.
   * StageKey's format 2 then changed every key and nothing else: the file was written again, and
   * with the keys masked it equals the one before.
   */
  @Test
  void keysAreThoseOfTheStoresWrittenBeforeStagesWerePlugIns() throws IOException {
    SweepSpec spec = spec(List.of("teacher", "mlp:784-10-10"), Arrays.asList(null, 2.0), List.of("magnitude-global", "structured-l2"),
        List.of(0.0, 0.5), List.of("32", "fp16", "8", "4"), List.of("per-channel", "per-tensor"));
    SweepGrid grid = SweepGrid.expand(spec, "teacherkey", "mlp:784-30-10", DATA);
    StringBuilder b = new StringBuilder();
    for (StageTask d : grid.roots()) {
      DistillStage.Choice distill = (DistillStage.Choice) d.choice();
      b.append("D ").append(distill.student()).append(' ').append(distill.settings().temperature()).append(' ').append(d.key()).append('\n');
      for (StageTask p : d.children()) {
        PruneStage.Choice prune = (PruneStage.Choice) p.choice();
        b.append(" P ").append(prune.settings().method().id()).append(' ').append(prune.settings().ratio()).append(' ').append(p.key()).append('\n');
        for (StageTask q : p.children()) {
          QuantizeStage.Choice quantize = (QuantizeStage.Choice) q.choice();
          b.append("  Q ").append(quantize.settings().weights()).append(' ').append(quantize.settings().granularity()).append(' ')
              .append(quantize.settings().scheme()).append(' ').append(QuantizeStage.label(quantize.settings().activations()))
              .append(' ').append(q.key()).append(' ').append(q.evaluationKey()).append(' ').append(q.variants().size()).append('\n');
        }
      }
    }
    grid.variants().forEach(v -> b.append("V ").append(v.id()).append(' ').append(v.describe()).append('\n'));
    try (InputStream in = SweepGridTest.class.getResourceAsStream("/stage-keys-before-plugins.txt")) {
      assertThat(b.toString()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
