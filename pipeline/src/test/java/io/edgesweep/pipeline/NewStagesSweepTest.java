package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.report.RunFolderFiles;
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
  }
}
