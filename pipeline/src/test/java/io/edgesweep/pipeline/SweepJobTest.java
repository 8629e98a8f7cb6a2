package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.report.RunFolderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real sweep on the DirectRunner: outputs, stage sharing, resumability, atomic run folders. */
class SweepJobTest {
  @TempDir Path dir;

  @Test
  void aSweepWritesEveryVariantOnceAndAReRunOrAWiderGridComputesOnlyWhatIsNew() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "tiny", "32, 8");
    Path out = dir.resolve("runs");
    SweepJob.Outcome first = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {});

    // 1 student x 2 T x 2 ratios x 2 widths = 8 variants; T=none trains the student on labels.
    Map<String, Map<String, Object>> rows = TinySweep.rows(first.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows).hasSize(8);
    assertThat(first.counts().get("teacher_computed")).isEqualTo(1);
    assertThat(first.counts().get("distill_computed")).isEqualTo(2);
    assertThat(first.counts().get("prune_computed")).isEqualTo(2);
    assertThat(first.counts().get("prune_passed_through")).isEqualTo(2);
    assertThat(first.counts().get("quantize_computed")).isEqualTo(4);
    assertThat(first.counts().get("evaluate_computed")).isEqualTo(8);
    for (Map<String, Object> row : rows.values()) {
      double accuracy = (Double) row.get("val_accuracy");
      assertThat(accuracy).isBetween(0.5, 1.0);
      assertThat((Double) row.get("val_accuracy_low")).isLessThan(accuracy);
      assertThat((Long) row.get("val_correct")).isEqualTo(Math.round(accuracy * 1000));
      if ((Double) row.get("pruning_ratio") == 0.6) {
        assertThat((Double) row.get("sparsity")).isGreaterThan(0.5);
      }
    }
    JsonNode picks = new ObjectMapper().readTree(first.runFolder().resolve(RunFolderFiles.PICKS).toFile());
    assertThat(picks.size()).isGreaterThanOrEqualTo(7);
    int picked = 0;
    for (JsonNode device : picks) {
      if (device.path("variant").isNull()) {
        assertThat(device.path("reason").asText()).startsWith("no variant");
        continue;
      }
      picked++;
      String id = device.path("variant").asText();
      assertThat(rows).containsKey(id);
      assertThat(device.path("test_accuracy").path("examples").asInt()).isEqualTo(1000);
      assertThat(device.path("metrics").path("validation_accuracy").path("accuracy").asDouble())
          .isEqualTo((Double) rows.get(id).get("val_accuracy"));
      assertThat(rows.get(id).get("test_accuracy")).isEqualTo(device.path("test_accuracy").path("accuracy").asDouble());
    }
    assertThat(picked).as("devices with a pick").isPositive();

    // Every stage reports its own wall and CPU time; a thread's CPU never exceeds its wall time,
    // and all stages together used no more CPU than the process did during the job.
    JsonNode summary = new ObjectMapper().readTree(first.runFolder().resolve(SweepJob.SUMMARY).toFile());
    JsonNode times = summary.path(SweepJob.STAGE_TIMES);
    assertThat(times.fieldNames()).toIterable()
        .containsExactly("teacher", "teacher-logits", "distill", "prune", "quantize", "evaluate", "select", "test", "write");
    double stageCpu = 0;
    for (JsonNode stage : times) {
      double wall = stage.path("wall_seconds").asDouble(-1);
      double cpu = stage.path("cpu_seconds").asDouble(-1);
      assertThat(wall).isNotNegative();
      assertThat(cpu).isNotNegative().isLessThanOrEqualTo(wall + 0.01 * stage.path("tasks").asLong());
      stageCpu += cpu;
    }
    assertThat(times.path("distill").path("tasks").asLong()).isEqualTo(2);
    assertThat(times.path("prune").path("tasks").asLong()).isEqualTo(4);
    assertThat(times.path("quantize").path("tasks").asLong()).isEqualTo(8);
    assertThat(times.path("evaluate").path("tasks").asLong()).as("one task per parent of leaves").isEqualTo(4);
    assertThat(times.path("test").path("tasks").asLong()).isPositive();
    assertThat(times.path("distill").path("cpu_seconds").asDouble()).isPositive();
    assertThat(stageCpu).isPositive().isLessThanOrEqualTo(summary.path("process_cpu_seconds").asDouble());
    checkArithmetic(times, summary.path(SweepJob.STAGE_CPU_USE).path("stages"));
    assertThat(first.times().stages()).containsOnlyKeys(iterable(times.fieldNames()));
    // report.html shows the same table as report.md: a row per stage with its wall and CPU time.
    String html = Files.readString(first.runFolder().resolve(io.edgesweep.report.ReportFiles.HTML));
    String stageTable = html.substring(html.indexOf("<table id=\"stage-times\">"));
    stageTable = stageTable.substring(0, stageTable.indexOf("</table>"));
    for (String stage : iterable(times.fieldNames())) {
      assertThat(stageTable).contains("<td>" + stage + "</td><td>"
          + String.format(java.util.Locale.ROOT, "%.1f s", times.path(stage).path("wall_seconds").asDouble()) + "</td>");
    }

    // Quantized leaves are kept in the store as their manifest and the address of the float model
    // they round, neither codes nor float32 copies, and every entry is one file.
    io.edgesweep.transforms.ArtifactStore store = new io.edgesweep.transforms.ArtifactStore(out.resolve("artifacts").toString());
    assertThat(store.keys("quantize")).isNotEmpty();
    for (String key : store.keys("quantize")) {
      assertThat(store.get("quantize", key)).containsOnlyKeys(ModelArtifact.MANIFEST, io.edgesweep.transforms.StoredModels.ROUNDED);
    }
    try (Stream<Path> files = Files.walk(out.resolve("artifacts"))) {
      assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).distinct())
          .containsExactlyInAnyOrder("_COMPLETE", io.edgesweep.transforms.ArtifactStore.ROOT_MARKER);
    }

    // The same spec again: nothing is trained, quantized or evaluated, and the rows are the same.
    SweepJob.Outcome again = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {});
    assertThat(again.counts().get("distill_computed") + again.counts().get("prune_computed")
        + again.counts().get("quantize_computed") + again.counts().get("evaluate_computed")).isZero();
    assertThat(again.counts().get("distill_reused")).isEqualTo(2);
    assertThat(TinySweep.rows(again.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);

    // One more bit width: only the 2 x 2 new leaves are quantized and evaluated.
    Path wider = TinySweep.writeSpec(dir, "tiny", "32, 8, 4");
    SweepJob.Outcome widened = SweepJob.runToCompletion(TinySweep.options(wider, out, TinySweep.direct()), "test", m -> {});
    assertThat(widened.counts().get("distill_computed")).isZero();
    assertThat(widened.counts().get("prune_computed")).isZero();
    assertThat(widened.counts().get("quantize_computed")).isEqualTo(4);
    assertThat(widened.counts().get("evaluate_computed")).isEqualTo(4);
    assertThat(TinySweep.rows(widened.runFolder().resolve(RunFolderFiles.VARIANTS))).hasSize(12);
    try (Stream<Path> listing = Files.list(out)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("artifacts", "tiny", ".tiny.v3", ".tiny.lock", ".logs");
    }
  }

  /**
   * Each stage's GFLOP, counted by hand from TinySweep's spec and the mini dataset's split sizes:
   * 2 operations per multiply-add per example, a training step as three forward passes.
   */
  private static void checkArithmetic(JsonNode times, JsonNode cpuUse) throws java.io.IOException {
    Path mini = TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini");
    long train = ParquetImageDatasets.read(mini.resolve("train.parquet")).size();
    long validation = ParquetImageDatasets.read(mini.resolve("validation.parquet")).size();
    long test = ParquetImageDatasets.read(mini.resolve("test.parquet")).size();
    long teacher = 2 * (784 * 64 + 64 * 10); // mlp:784-64-10, per example forward
    long student = 2 * (784 * 32 + 32 * 10); // mlp:784-32-10
    // The teacher: 2 epochs of training, the validation split after each, the test split once.
    assertGflop(times, "teacher", 2 * train * 3 * teacher + 2 * validation * teacher + test * teacher);
    assertGflop(times, "teacher-logits", train * teacher);
    // 2 students (T=none, T=4) for 3 epochs; 2 fine-tunes (ratio 0.6) for 1 epoch, ratio 0 passes through.
    assertGflop(times, "distill", 2 * 3 * train * 3 * student);
    assertGflop(times, "prune", 2 * train * 3 * student);
    // 8 leaves on the validation split, and the teacher's validation logits for the agreement once,
    // however many tasks start side by side (WorkerCache: the others wait for the first's load).
    assertGflop(times, "evaluate", 8 * validation * student + validation * teacher);
    // Each test task scores one picked model on the test split.
    assertGflop(times, "test", times.path("test").path("tasks").asLong() * test * student);
    for (String stage : java.util.List.of("teacher", "teacher-logits", "distill", "prune", "evaluate", "test")) {
      JsonNode t = times.path(stage);
      assertThat(t.path("gflop_per_cpu_second").asDouble()).as(stage)
          .isCloseTo(t.path("gflop").asDouble() / t.path("cpu_seconds").asDouble(), org.assertj.core.data.Percentage.withPercentage(1e-9));
      assertThat(cpuUse.path(stage).path("gflop_per_cpu_second").asDouble()).as(stage)
          .isCloseTo(t.path("gflop").asDouble() / cpuUse.path(stage).path("cpu_seconds").asDouble(),
              org.assertj.core.data.Percentage.withPercentage(1e-9));
    }
    // Stages without model products have no figure.
    assertThat(times.path("select").has("gflop")).isFalse();
    assertThat(times.path("write").has("gflop")).isFalse();
  }

  private static void assertGflop(JsonNode times, String stage, long flop) {
    assertThat(times.path(stage).path("gflop").asDouble()).as(stage).isEqualTo(flop / 1e9);
  }

  private static java.util.List<String> iterable(java.util.Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  void aBadSpecFailsBeforeAnythingIsWrittenAndKeepsTheOldRun() throws Exception {
    Path out = dir.resolve("runs");
    Files.createDirectories(out.resolve("tiny"));
    Files.writeString(out.resolve("tiny/picks.json"), "{\"earlier\": true}");
    Path spec = TinySweep.writeSpec(dir, "tiny", "32, 1");
    assertThatThrownBy(() -> SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("grid.quantization.bits[1]");
    assertThat(Files.readString(out.resolve("tiny/picks.json"))).contains("earlier");
    try (Stream<Path> listing = Files.list(out)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("tiny");
    }
  }

  @Test
  void aJobThatFailsLeavesNoHalfWrittenRunFolder() throws Exception {
    Path teacher = dir.resolve("teacher");
    Files.createDirectories(teacher);
    Path spec = TinySweep.writeSpec(dir, "broken", "32");
    // A teacher folder whose parameters are corrupt passes nothing but its name to the job.
    String yaml = Files.readString(spec).replaceFirst("train: \\{[^}]*\\}", "model: " + teacher);
    Files.writeString(spec, yaml);
    Files.writeString(teacher.resolve("manifest.json"), "{\"format\": \"edgesweep-model/1\"");
    Path out = dir.resolve("runs");
    assertThatThrownBy(() -> SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher.model")
        .hasMessageContaining("manifest.json");
    assertThat(out.resolve("broken")).doesNotExist();
  }
}
