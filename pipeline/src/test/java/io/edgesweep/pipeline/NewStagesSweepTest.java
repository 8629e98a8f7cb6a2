package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.bundle.BundleContents;
import io.edgesweep.bundle.BundleEvaluation;
import io.edgesweep.bundle.BundleManifest;
import io.edgesweep.bundle.BundleReader;
import io.edgesweep.bundle.BundleWriter;
import io.edgesweep.bundle.ModelBundle;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.RunFolderFiles;
import io.edgesweep.report.VariantRow;
import io.edgesweep.transforms.ArtifactStore;
import java.nio.file.Files;
import java.util.EnumSet;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages added as plug-ins (quantization-aware training and weight sharing) in a real sweep on
 * the DirectRunner: they share work like the built-in ones.
 */
class NewStagesSweepTest {
  @TempDir Path dir;

  /** Two more sections under the spec's grid (indented two spaces, as its others). */
  static final String QAT_AND_CODEBOOK = """
          qat: {epochs: [0, 1], learning_rate: 0.0003}
          codebook: {bits: [none, 4], fine_tune_epochs: 1}
        """;

  @Test
  void qatAndCodebookRunOncePerDistinctLeafAndAReRunOrAWiderGridComputesOnlyWhatIsNew() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "stages", "none, 4", "0, 0.6", "32, 8", 2, QAT_AND_CODEBOOK);
    Path out = dir.resolve("runs");
    SweepJob.Outcome first = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {});

    // 2 T x 2 ratios = 4 float models; each gives a 32-bit leaf (no QAT; codebook none or 4 bits)
    // and an 8-bit leaf (QAT 0 or 1 epoch; no codebook): 4 x (2 + 2) = 16 variants, 16 leaves.
    Map<String, Map<String, Object>> rows = TinySweep.rows(first.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows).hasSize(16);
    assertThat(first.plan().grid().runs()).containsEntry("qat", 4).containsEntry("codebook", 4);
    assertThat(first.counts().get("qat_computed")).isEqualTo(4);
    assertThat(first.counts().get("qat_passed_through")).isEqualTo(8);
    assertThat(first.counts().get("codebook_computed")).isEqualTo(4);
    assertThat(first.counts().get("evaluate_computed")).isEqualTo(16);
    long qatRows = rows.values().stream().filter(r -> (Long) r.get("qat_epochs") == 1).count();
    long codebookRows = rows.values().stream().filter(r -> (Long) r.get("codebook_bits") == 4).count();
    assertThat(qatRows).isEqualTo(4);
    assertThat(codebookRows).isEqualTo(4);
    for (Map<String, Object> row : rows.values()) {
      assertThat((Double) row.get("val_accuracy")).as(row.get("description").toString()).isBetween(0.5, 1.0);
      if ((Long) row.get("qat_epochs") == 1) {
        assertThat(row.get("weights")).isEqualTo("8");
        assertThat(row.get("model_kind")).isEqualTo("qat");
        assertThat(row.get("description").toString()).endsWith("a=int8 qat 1ep");
      }
      if ((Long) row.get("codebook_bits") == 4) {
        assertThat(row.get("weights")).isEqualTo("32");
        assertThat(row.get("model_kind")).isEqualTo("codebook");
        assertThat(row.get("weight_precisions").toString()).contains("int4");
      }
    }

    parentsSharedByTasksCameOutOfEveryStageUnchanged(first);
    codebookBundlesHoldIndicesAndCentroidsAndReproduceTheSweep(first, rows);

    SweepJob.Outcome again = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {});
    for (String stage : new String[] {"distill", "prune", "quantize", "qat", "codebook", "evaluate"}) {
      assertThat(again.counts().get(stage + "_computed")).as(stage).isZero();
    }
    assertThat(again.counts().get("qat_reused")).isEqualTo(4);
    assertThat(again.counts().get("codebook_reused")).isEqualTo(4);
    assertThat(TinySweep.rows(again.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);

    // Two QAT epochs as well: only the 4 new QAT leaves are trained and evaluated.
    Path wider = TinySweep.writeSpec(dir, "stages", "none, 4", "0, 0.6", "32, 8", 2, QAT_AND_CODEBOOK.replace("[0, 1]", "[0, 1, 2]"));
    SweepJob.Outcome widened = SweepJob.runToCompletion(TinySweep.options(wider, out, TinySweep.direct()), "test", m -> {});
    for (String stage : new String[] {"distill", "prune", "quantize", "codebook"}) {
      assertThat(widened.counts().get(stage + "_computed")).as(stage).isZero();
    }
    assertThat(widened.counts().get("qat_computed")).isEqualTo(4);
    assertThat(widened.counts().get("evaluate_computed")).isEqualTo(4);
    assertThat(TinySweep.rows(widened.runFolder().resolve(RunFolderFiles.VARIANTS))).hasSize(20);

    // Learned scales as well: the recomputed leaves keep their keys (reused), only the 4 new LSQ
    // leaves are trained and evaluated.
    Path learned = TinySweep.writeSpec(dir, "stages", "none, 4", "0, 0.6", "32, 8", 2,
        QAT_AND_CODEBOOK.replace("learning_rate: 0.0003}", "learning_rate: 0.0003, scales: [recomputed, learned]}"));
    SweepJob.Outcome withLsq = SweepJob.runToCompletion(TinySweep.options(learned, out, TinySweep.direct()), "test", m -> {});
    for (String stage : new String[] {"distill", "prune", "quantize", "codebook"}) {
      assertThat(withLsq.counts().get(stage + "_computed")).as(stage).isZero();
    }
    assertThat(withLsq.counts().get("qat_computed")).isEqualTo(4);
    assertThat(withLsq.counts().get("qat_reused")).isEqualTo(4);
    assertThat(withLsq.counts().get("evaluate_computed")).isEqualTo(4);
    Map<String, Map<String, Object>> lsqRows = TinySweep.rows(withLsq.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(lsqRows).hasSize(20);
    assertThat(lsqRows.values().stream().filter(r -> "learned".equals(r.get("qat_scales"))))
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.get("description").toString()).endsWith("qat 1ep lsq"));
  }

  /**
   * The float models this sweep's tasks shared (every stage reads its parent from one cached
   * instance per worker): each still hashes to its manifest, so no stage kind wrote into its parent.
   */
  private static void parentsSharedByTasksCameOutOfEveryStageUnchanged(SweepJob.Outcome outcome) throws Exception {
    String store = RunFolder.read(outcome.runFolder()).summary().path("artifact_store").asText();
    Map<String, Boolean> shared = new java.util.TreeMap<>(io.edgesweep.transforms.StoredModels.sharedModelsUnchanged());
    shared.keySet().removeIf(location -> !location.startsWith(new ArtifactStore(store).root() + "/"));
    // The parents of the prune, quantize, qat and codebook nodes: the students and the float models.
    assertThat(shared.keySet()).anyMatch(l -> l.contains("/distill/")).anyMatch(l -> l.contains("/prune/"));
    assertThat(shared).allSatisfy((location, unchanged) -> assertThat(unchanged).as(location).isTrue());
  }

  /**
   * Every codebook variant's bundle, in every layout and at two CSR index widths: codebook-coded
   * layers of exactly the cost model's bytes, read back by the bundle reader alone to the sweep's
   * count of correct validation predictions, also through the {@code run-bundle} command.
   */
  private void codebookBundlesHoldIndicesAndCentroidsAndReproduceTheSweep(SweepJob.Outcome outcome, Map<String, Map<String, Object>> rows)
      throws Exception {
    RunFolder run = RunFolder.read(outcome.runFolder());
    ArtifactStore store = new ArtifactStore(run.summary().path("artifact_store").asText());
    DatasetSplits mini = TestData.mini();
    ImageDataset validation = ParquetImageDatasets.read(mini.validation());
    String validationSha = ParquetImageDatasets.sha256(mini.validation());
    int checked = 0;
    for (VariantRow v : run.variants()) {
      if (!v.coordinates().get("codebook_bits").equals("4")) {
        continue;
      }
      ModelArtifact model = new io.edgesweep.transforms.StoredModels(store).read(v.modelKind(), v.modelKey());
      for (StorageFormat format : StorageFormat.values()) {
        for (int csrBits : new int[] {2, 8}) {
          ModelBundle bundle = BundleContents.of(model, model, EnumSet.of(format), csrBits);
          Path folder = dir.resolve("bundles").resolve(v.id() + "-" + format + "-" + csrBits);
          long estimate = bundle.layers().stream().mapToLong(ModelBundle.Layer::estimatedBytes).sum();
          BundleManifest manifest = BundleWriter.write(bundle, model.manifest().inputShape(), model.manifest().classNames(), estimate,
              Map.of(), folder);
          String label = v.id() + " " + format + " w=" + csrBits;
          assertThat(manifest.weights()).as(label).isEqualTo("codebook4");
          assertThat(manifest.layers()).allSatisfy(l -> {
            assertThat(l.code()).isEqualTo("codebook");
            assertThat(l.channels()).isEqualTo(16);
            assertThat(l.bytes()).as(label + " " + l.name()).isEqualTo(l.estimatedBytes());
          });
          assertThat(Files.size(folder.resolve(BundleManifest.WEIGHTS))).as(label).isEqualTo(estimate);
          BundleReader.Loaded loaded = BundleReader.read(folder);
          assertThat(loaded.bundle().parameters()).as(label).isEqualTo(model.parameters());
          assertThat(BundleEvaluation.run(loaded, validation, validationSha, "validation", 250).accuracy().correct()).as(label)
              .isEqualTo((Long) rows.get(v.id()).get("val_correct"));
        }
      }
      // run-bundle compares with the sweep's count the manifest's pick carries: exit 0 on the true
      // count, 1 on a count one off.
      long correct = (Long) rows.get(v.id()).get("val_correct");
      for (long claimed : new long[] {correct, correct + 1}) {
        Path folder = dir.resolve("bundles").resolve(v.id() + "-cli-" + claimed);
        Map<String, Object> pick = Map.of("source", Map.of("validation_sha256", validationSha),
            "metrics", Map.of("validation_accuracy", Map.of("correct", claimed, "examples", (long) validation.size())));
        BundleWriter.write(BundleContents.of(model, model, EnumSet.allOf(StorageFormat.class), 4), model.manifest().inputShape(),
            model.manifest().classNames(), 0, pick, folder);
        assertThat(io.edgesweep.cli.Main.run("run-bundle", "--bundle", folder.toString(), "--data", mini.validation().toString()))
            .as(v.id() + " claimed " + claimed).isEqualTo(claimed == correct ? 0 : 1);
      }
      checked++;
    }
    assertThat(checked).isEqualTo(4);
  }
}
