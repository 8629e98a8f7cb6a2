package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.report.ReportFiles;
import io.edgesweep.report.RunFolderFiles;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run of a finished sweep keeps its run folder when nothing it depends on changed, and runs
 * again (with the same rows) when a file of the run or an entry of the store did.
 */
class UpToDateRunTest {
  @TempDir Path dir;

  @Test
  void aFinishedRunIsKeptUntilSomethingItDependsOnChanges() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "tiny", "32, 8");
    Path out = dir.resolve("runs");
    SweepJob.Outcome first = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true);
    assertThat(first.upToDate()).isFalse();
    Path version = first.runFolder().toRealPath();
    Map<String, Map<String, Object>> rows = TinySweep.rows(first.runFolder().resolve(RunFolderFiles.VARIANTS));
    JsonNode summary = new ObjectMapper().readTree(first.runFolder().resolve(SweepJob.SUMMARY).toFile());
    assertThat(summary.path(UpToDateRun.FIELD).asText()).hasSize(64);
    // The picks' test accuracies are in the store, and the run lists them so store gc keeps them.
    ArtifactStore store = new ArtifactStore(out.resolve("artifacts").toString());
    List<String> entries = new ArrayList<>();
    summary.path("store_entries").forEach(e -> entries.add(e.asText()));
    assertThat(store.keys(StageKinds.TEST)).isNotEmpty().allSatisfy(k -> assertThat(entries).contains(StageKinds.TEST + "/" + k));
    assertThat(store.keys(SplitChecks.PASSED)).hasSize(4).allSatisfy(k -> assertThat(entries).contains(SplitChecks.PASSED + "/" + k));
    // Every file of the run is listed with its hash, as sha256sum writes it.
    List<String> sums = Files.readAllLines(first.runFolder().resolve(UpToDateRun.SUMS));
    assertThat(sums).anySatisfy(l -> assertThat(l).endsWith("  " + RunFolderFiles.VARIANTS)).allSatisfy(l -> assertThat(l).matches("[0-9a-f]{64}  .+"));

    // Nothing changed: nothing runs, and the run folder is the same version.
    SweepJob.Outcome again = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true);
    assertThat(again.upToDate()).isTrue();
    assertThat(again.runFolder().toRealPath()).isEqualTo(version);

    // Without reuse (--rerun) the job runs: every stage and every test accuracy comes from the store.
    SweepJob.Outcome forced = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, false);
    assertThat(forced.upToDate()).isFalse();
    assertThat(forced.counts().get("evaluate_computed")).isZero();
    assertThat(forced.times().stages().get("test").cpuSeconds()).isLessThan(first.times().stages().get("test").cpuSeconds());
    assertThat(TinySweep.rows(forced.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);
    version = forced.runFolder().toRealPath();

    // A file of the run changed: it runs again and writes it afresh.
    Files.writeString(forced.runFolder().resolve(ReportFiles.MARKDOWN), "edited");
    SweepJob.Outcome afterEdit = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true);
    assertThat(afterEdit.upToDate()).isFalse();
    assertThat(afterEdit.runFolder().toRealPath()).isNotEqualTo(version);
    assertThat(Files.readString(afterEdit.runFolder().resolve(ReportFiles.MARKDOWN))).isNotEqualTo("edited");
    assertThat(TinySweep.rows(afterEdit.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);

    // A store entry the run uses is corrupt: it runs (and the job quarantines and recomputes it).
    String evaluation = store.keys(StageKinds.EVALUATION).get(0);
    Files.writeString(out.resolve("artifacts").resolve(StageKinds.EVALUATION).resolve(evaluation).resolve(ArtifactStore.COMPLETE), "x");
    SweepJob.Outcome afterCorruption = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true);
    assertThat(afterCorruption.upToDate()).isFalse();
    assertThat(afterCorruption.counts().get("evaluate_computed")).isEqualTo(1);
    assertThat(TinySweep.rows(afterCorruption.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);
  }
}
