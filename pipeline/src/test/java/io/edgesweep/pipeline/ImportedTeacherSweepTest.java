package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.TorchScriptImport;
import io.edgesweep.model.onnx.OnnxImport;
import io.edgesweep.report.RunFolderFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teachers brought from PyTorch: an ONNX import sweeps like any model; TorchScript limits fail at planning. */
class ImportedTeacherSweepTest {
  @TempDir Path dir;

  @Test
  void anImportedOnnxMlpIsDistilledPrunedQuantizedAndCostedLikeAnyTeacher() throws Exception {
    Path onnx = TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/mlp.onnx");
    OnnxImport.Result imported = OnnxImport.importModel(onnx, TestData.mini(), "test");
    Path teacher = dir.resolve("teacher");
    imported.artifact().writeTo(teacher);

    Path spec = TinySweep.writeSpec(dir, "onnx", "none, 4", "0, 0.6", "8", 1);
    Files.writeString(spec, Files.readString(spec)
        .replaceFirst("train: \\{[^}]*\\}", "model: " + teacher)
        .replace("students: [\"mlp:784-32-10\"]", "students: [\"teacher\", \"mlp:784-32-10\"]"));
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});

    Map<String, Map<String, Object>> rows = TinySweep.rows(outcome.runFolder().resolve(RunFolderFiles.VARIANTS));
    // 2 students x 2 temperatures x 2 ratios x 1 width; nothing trains the imported teacher again.
    assertThat(rows).hasSize(8);
    assertThat(outcome.counts().get("teacher_computed")).isEqualTo(1);
    // Student 'teacher' at T = none is the imported model itself: 3 distillations, not 4.
    assertThat(outcome.counts().get("distill_computed")).isEqualTo(3);
    Map<String, Object> itself = rows.values().stream()
        // Student 'teacher' is listed under its architecture.
        .filter(r -> r.get("student").equals("mlp:784-128-64-10") && r.get("temperature_label").equals("none") && (Double) r.get("pruning_ratio") == 0)
        .findFirst().orElseThrow(() -> new AssertionError(rows.values().stream().map(r -> r.get("student") + "/" + r.get("temperature_label") + "/" + r.get("pruning_ratio")).toList().toString()));
    // The imported MLP with BatchNorm1d folded: 784*128+128 + 128*64+64 + 64*10+10.
    assertThat(itself.get("arch")).isEqualTo("mlp:784-128-64-10");
    assertThat(itself.get("parameters")).isEqualTo(109_386L);
    assertThat(itself.get("dense_macs")).isEqualTo(784L * 128 + 128 * 64 + 64 * 10);
    // int8 weights and activations keep the float model's accuracy within two points.
    assertThat((Double) itself.get("val_accuracy")).isCloseTo(imported.validationAccuracy(), org.assertj.core.data.Offset.offset(0.02));
    assertThat((Long) itself.get("stm32h743__bytes")).isPositive();
  }

  @Test
  void aTorchScriptTeacherAsItsOwnVariantIsRefusedWhenTheSweepIsPlanned() throws Exception {
    Path module = TestData.repositoryRoot().resolve("transforms/src/test/resources/torchscript/mlp-784-64-10.pt");
    Path teacher = dir.resolve("ts-teacher");
    TorchScriptImport.importModel(module, TestData.mini(), "test").artifact().writeTo(teacher);
    Path spec = TinySweep.writeSpec(dir, "ts", "none, 4", "0, 0.6", "8", 1);
    Files.writeString(spec, Files.readString(spec)
        .replaceFirst("train: \\{[^}]*\\}", "model: " + teacher)
        .replace("students: [\"mlp:784-32-10\"]", "students: [\"teacher\", \"mlp:784-32-10\"]"));
    Path runs = dir.resolve("runs");
    assertThatThrownBy(() -> SweepPlan.prepare(TinySweep.options(spec, runs, TinySweep.direct()), "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("grid.distillation.students")
        .hasMessageContaining("TorchScript").hasMessageContaining("import-onnx");
    assertThat(runs).doesNotExist();

    // Without 'teacher' as a student the module teaches, and the plan goes ahead.
    Files.writeString(spec, Files.readString(spec).replace("[\"teacher\", \"mlp:784-32-10\"]", "[\"mlp:784-32-10\"]"));
    assertThat(SweepPlan.prepare(TinySweep.options(spec, runs, TinySweep.direct()), "test").grid()).isNotNull();

    // On data with other classes than it was imported for, it is refused before the job too.
    Path renamed = dir.resolve("renamed");
    Files.createDirectories(renamed);
    for (String split : DatasetSplits.ALL) {
      ImageDataset d = ParquetImageDatasets.read(TestData.mini().split(split));
      List<String> names = d.classNames().stream().map(n -> "other " + n).toList();
      ParquetImageDatasets.write(new ImageDataset(d.shape(), names, d.pixels(), d.labels(), Map.of()), new DatasetSplits(renamed).split(split));
    }
    Files.writeString(spec, Files.readString(spec).replace(TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini").toString(), renamed.toString()));
    assertThatThrownBy(() -> SweepPlan.prepare(TinySweep.options(spec, runs, TinySweep.direct()), "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teacher.model").hasMessageContaining("other T-shirt/top");
  }
}
