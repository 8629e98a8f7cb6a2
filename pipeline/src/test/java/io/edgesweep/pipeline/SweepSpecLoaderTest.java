package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.CodebookStage;
import io.edgesweep.compress.DistillStage;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.PruneStage;
import io.edgesweep.compress.QatStage;
import io.edgesweep.compress.QuantizeStage;
import io.edgesweep.compress.WeightPrecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecLoaderTest {
  @TempDir Path dir;

  static final String VALID = """
      name: t
      seed: 3
      data: data
      teacher:
        train: {arch: "mlp:784-32-10", epochs: 2}
      grid:
        distillation:
          students: ["mlp:784-16-10", teacher]
          temperatures: [none, 2, 4.5]
          alpha: 0.5
          epochs: 1
        pruning:
          methods: [magnitude-global, structured-l2]
          ratios: [0, 0.5, 0.9]
        quantization:
          bits: [32, fp16, 8, 4]
          activations: [int8, off]
      devices: ["devices/*.yaml"]
      """;

  @BeforeEach
  void layout() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("devices"));
    Files.writeString(dir.resolve("devices/a.yaml"), "id: a");
    Files.writeString(dir.resolve("devices/b.yaml"), "id: b");
  }

  @Test
  void aValidSpecReadsWithDefaultsAndResolvedPaths() throws Exception {
    SweepSpec spec = SweepSpecLoader.load(write(VALID));
    assertThat(spec.name()).isEqualTo("t");
    assertThat(spec.data()).isEqualTo(dir.resolve("data"));
    assertThat(spec.teacher().trainsFirst()).isTrue();
    assertThat(spec.teacher().training().epochs()).isEqualTo(2);
    assertThat(spec.teacher().training().seed()).isEqualTo(3);
    assertThat(spec.stages()).extracting(s -> s.kind().name()).containsExactly("distill", "prune", "quantize");
    assertThat(spec.stage(DistillStage.Spec.class).temperatures()).containsExactly(null, 2.0, 4.5);
    assertThat(spec.stage(PruneStage.Spec.class).fineTuneEpochs()).isEqualTo(1);
    QuantizeStage.Spec quantization = spec.stage(QuantizeStage.Spec.class);
    assertThat(quantization.weights()).extracting(WeightPrecision::label).containsExactly("32", "fp16", "8", "4");
    assertThat(quantization.granularities()).containsExactly(Granularity.PER_CHANNEL);
    assertThat(quantization.activations()).extracting(QuantizeStage::label).containsExactly("int8", "off");
    assertThat(spec.devices()).containsExactly(dir.resolve("devices/a.yaml"), dir.resolve("devices/b.yaml"));
  }

  @Test
  void errorsNameTheFileAndTheKeyPath() throws Exception {
    assertError(VALID.replace("ratios: [0, 0.5, 0.9]", "ratios: [0, 0.5, 1.2]"), "grid.pruning.ratios[2]", "outside [0.0, 1.0)");
    assertError(VALID.replace("ratios: [0, 0.5, 0.9]", "ratio: [0, 0.5, 0.9]"), "grid.pruning.ratio", "unknown key");
    assertError(VALID.replace("bits: [32, fp16, 8, 4]", "bits: [32, 1]"), "grid.quantization.bits[1]", "not a weight format");
    assertError(VALID.replace("epochs: 1\n", "epochs: one\n"), "grid.distillation.epochs", "whole number");
    assertError(VALID.replace("temperatures: [none, 2, 4.5]", "temperatures: [none, -2]"), "grid.distillation.temperatures[1]", "outside");
    assertError(VALID.replace("temperatures: [none, 2, 4.5]", "temperatures: []"), "grid.distillation.temperatures", "must not be empty");
    assertError(VALID.replace("\"mlp:784-16-10\", teacher", "\"mlp:784-16\", teacher, \"vgg\""), "grid.distillation.students[2]", "unknown architecture");
    assertError(VALID.replace("devices/*.yaml", "nowhere/*.yaml"), "devices[0]", "matches no device profile");
    assertError(VALID.replace("methods: [magnitude-global, structured-l2]", "methods: [random]"), "grid.pruning.methods[0]", "unknown pruning method 'random'");
    assertError(VALID.replace("data: data", "data: missing"), "data", "no dataset folder");
    assertError(VALID.replace("name: t", "name: \"a b\""), "name", "letters");
    assertError(VALID.replace("  train: {arch: \"mlp:784-32-10\", epochs: 2}", "  model: m\n  train: {arch: \"mlp:784-32-10\"}"), "teacher", "exactly one");
    assertError(VALID.replace("ratios: [0, 0.5, 0.9]", "ratios: [0.5, 0.5]"), "grid.pruning.ratios[1]", "repeats");
  }

  @Test
  void aSpecMaySetADevicesPolicyButNotItsConfidence() throws Exception {
    String withPolicy = VALID + "constraints:\n  a: {accuracy-floor: 0.7}\n  b: {latency-budget-ms: 5, max-model-bytes: 1000}\n";
    SweepSpec spec = SweepSpecLoader.load(write(withPolicy));
    assertThat(spec.constraints()).containsOnlyKeys("a", "b");
    assertThat(spec.constraints().get("a")).isEqualTo(new SweepSpec.DevicePolicy(0.7, null, null));
    assertThat(spec.constraints().get("b")).isEqualTo(new SweepSpec.DevicePolicy(null, 5.0, 1000L));
    assertThat(SweepSpecLoader.load(write(VALID)).constraints()).isEmpty();
    assertError(withPolicy.replace("accuracy-floor: 0.7", "accuracy-floor: 1.2"), "constraints.a.accuracy-floor", "[0, 1]");
    assertError(withPolicy.replace("accuracy-floor: 0.7", "floor-confidence: 0.5"), "constraints.a.floor-confidence", "unknown key");
    assertError(withPolicy.replace("max-model-bytes: 1000", "max-model-bytes: 10.5"), "constraints.b.max-model-bytes", "whole number");
    assertError(withPolicy.replace("{accuracy-floor: 0.7}", "{}"), "constraints.a", "at least one");
    assertError(withPolicy.replace("{accuracy-floor: 0.7}", "0.7"), "constraints.a", "mapping");
  }

  @Test
  void notYamlIsNamed() throws Exception {
    assertError("name: [unclosed", null, "not valid YAML");
  }

  @Test
  void optionalStagesAreReadFromTheirSectionsAndAddALevelToTheGrid() throws Exception {
    String withStages = VALID.replace("devices: [",
        "  qat: {epochs: [0, 2], learning_rate: 0.0003}\n  codebook: {bits: [off, 5], fine_tune_epochs: 2}\ndevices: [");
    SweepSpec spec = SweepSpecLoader.load(write(withStages));
    assertThat(spec.stages()).extracting(s -> s.kind().name()).containsExactly("distill", "prune", "quantize", "qat", "codebook");
    assertThat(spec.stage(QatStage.Spec.class).epochs()).containsExactly(0, 2);
    assertThat(spec.stage(QatStage.Spec.class).learningRate()).isEqualTo(3e-4);
    assertThat(spec.stage(CodebookStage.Spec.class).bits()).containsExactly(0, 5);
    assertThat(spec.stage(CodebookStage.Spec.class).fineTuneEpochs()).isEqualTo(2);
    // Per float model (3 students x T x methods x ratios, 32 of them with merging), the grid without the new
    // stages has one variant per (bits, activations); with them, the 32-bit ones double (codebook none or 5)
    // and the integer ones double (qat 0 or 2): 8 + 8 per float model instead of 8.
    SweepGrid grid = SweepGrid.expand(spec, "t", "mlp:784-32-10", SweepGridTest.DATA);
    SweepGrid without = SweepGrid.expand(SweepSpecLoader.load(write(VALID)), "t", "mlp:784-32-10", SweepGridTest.DATA);
    assertThat(without.variants()).hasSize(2 * 3 * 2 * 3 * 4 * 2);
    // 32-bit: 2 activations x 2 codebooks; fp16: 2 x 1; 8 and 4 bits: 2 x 2 qat each.
    assertThat(grid.variants()).hasSize(2 * 3 * 2 * 3 * (4 + 2 + 4 + 4));
    assertThat(grid.kinds()).hasSize(5);
    assertThat(grid.runs().get("qat")).isPositive();
    assertThat(grid.runs().get("codebook")).isPositive();
    assertError(withStages.replace("epochs: [0, 2]", "epochs: [0, -2]"), "grid.qat.epochs[1]", "outside");
    assertError(withStages.replace("bits: [off, 5]", "bits: [off, 12]"), "grid.codebook.bits[1]", "index width 1-8");
    assertError(withStages.replace("qat: {", "qta: {"), "grid.qta", "unknown key");
  }

  @Test
  void theShippedSpecsAreValidWhereTheirDataExists() {
    Path sweeps = io.edgesweep.TestData.repositoryRoot().resolve("sweeps");
    SweepSpec demo = SweepSpecLoader.load(sweeps.resolve("demo.yaml"));
    int variants = SweepGrid.expand(demo, "t", "mlp:784-30-10", SweepGridTest.DATA).variants().size();
    assertThat(variants).isGreaterThanOrEqualTo(48);
    assertThat(demo.devices()).hasSizeGreaterThanOrEqualTo(7);
    // The demo lowers the 80% floors it cannot confirm on 1,000 validation images, and nothing else.
    assertThat(demo.constraints()).containsOnlyKeys("host", "jetson-orin-nano", "rpi4", "snapdragon-778g", "xeon-8380");
    assertThat(demo.constraints().values()).containsOnly(new SweepSpec.DevicePolicy(0.75, null, null));
  }

  void assertError(String yaml, String field, String problem) throws Exception {
    Path file = write(yaml);
    var assertion = assertThatThrownBy(() -> SweepSpecLoader.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(problem);
    if (field != null) {
      assertion.hasMessageContaining(": " + field + ": ");
    }
  }

  Path write(String yaml) throws Exception {
    Path file = dir.resolve("spec-" + Arrays.hashCode(yaml.getBytes()) + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
