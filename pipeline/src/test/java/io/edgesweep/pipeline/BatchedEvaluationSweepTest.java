package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.VariantBatch;
import io.edgesweep.report.RunFolderFiles;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKinds;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep evaluates the leaves of each parent together, and every row is what evaluating its leaf
 * alone gives: the same correct count, the same cross-entropy and teacher agreement to the bit.
 */
class BatchedEvaluationSweepTest {
  @TempDir Path dir;

  @Test
  void leavesOfOneParentAreEvaluatedInOneTaskAndEachRowIsWhatItsLeafGivesAlone() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "batched", "none, 4", "0, 0.6", "32, 8, 6, 4", 2);
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});

    // 2 T x 2 ratios = 4 parents, 4 leaves each: 16 leaves in 4 evaluation tasks.
    Map<String, Map<String, Object>> rows = TinySweep.rows(outcome.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows).hasSize(16);
    assertThat(outcome.counts().get("evaluate_computed")).isEqualTo(16);
    JsonNode summary = new ObjectMapper().readTree(outcome.runFolder().resolve(SweepJob.SUMMARY).toFile());
    assertThat(summary.path(SweepJob.STAGE_TIMES).path("evaluate").path("tasks").asLong()).isEqualTo(4);
    // The 8-, 6- and 4-bit leaves (one calibrated int8 range for the images) shared one wide first-layer product.
    assertThat(VariantBatch.shapeVerdicts().entrySet()).anySatisfy(e -> {
      assertThat(e.getKey().inputs()).isEqualTo(784);
      assertThat(e.getKey().outputs()).isEqualTo(32);
      assertThat(e.getKey().variants()).isGreaterThan(1);
      assertThat(e.getValue()).isTrue();
    });

    ArtifactStore store = new ArtifactStore(summary.path("artifact_store").asText());
    ImageDataset validation = ParquetImageDatasets.read(TestData.mini().validation());
    List<String> teachers = store.keys(StageKinds.TEACHER);
    assertThat(teachers).hasSize(1);
    Predictions teacher = alone(ModelArtifact.fromFiles(store.get(StageKinds.TEACHER, teachers.get(0)), "teacher"), validation);
    for (Map.Entry<String, Map<String, Object>> row : rows.entrySet()) {
      String kind = row.getValue().get("model_kind").toString();
      String key = row.getValue().get("model_key").toString();
      Predictions leaf = alone(new io.edgesweep.transforms.StoredModels(store).read(kind, key), validation);
      assertThat(row.getValue().get("val_correct")).as(row.getKey()).isEqualTo((long) leaf.correct());
      assertThat(row.getValue().get("val_cross_entropy")).as(row.getKey()).isEqualTo(leaf.meanCrossEntropy());
      assertThat(row.getValue().get("teacher_agreement")).as(row.getKey()).isEqualTo(leaf.agreement(teacher));
    }
  }

  private static Predictions alone(ModelArtifact model, ImageDataset validation) {
    try (Classifier classifier = model.open()) {
      return Predictions.of(classifier, new InMemoryBatches(validation), 250);
    }
  }
}
