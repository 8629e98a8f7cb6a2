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

  /**
   * The quick check (file statuses, no hashing) says "up to date" only while nothing changed; a
   * same-size edit with its modification time put back, a corrupt store entry, a file added to
   * the run folder, an edited spec each make it unsure, and the full check then decides.
   */
  @Test
  void theQuickCheckTrustsFileStatusesOnlyWhileNothingChanged() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "quick", "32, 8");
    // Inputs written less than 50 ms before the plan reads them are never recorded (their times could hide a second write).
    Thread.sleep(100);
    Path out = dir.resolve("runs");
    Path record = CheckedFiles.file(out, List.of("test"));
    SweepJob.Outcome first = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true, record);
    assertThat(first.upToDate()).isFalse();
    Map<String, Map<String, Object>> rows = TinySweep.rows(first.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(CheckedFiles.quickCheck(record)).contains(first.runFolder());
    assertThat(CheckedFiles.quickCheckWithPicks(record).orElseThrow().picksTable())
        .isEqualTo(io.edgesweep.report.PicksTable.render(first.runFolder().resolve(RunFolderFiles.PICKS)));
    // Another command (here: other words for the same) has a record of its own.
    assertThat(CheckedFiles.quickCheck(CheckedFiles.file(out, List.of("other")))).isEmpty();

    // A file of the run rewritten with the same size, its modification time put back: its change time tells.
    Path markdown = first.runFolder().resolve(ReportFiles.MARKDOWN);
    rewriteInPlace(markdown);
    assertThat(CheckedFiles.quickCheck(record)).isEmpty();
    SweepJob.Outcome afterEdit = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true, record);
    assertThat(afterEdit.upToDate()).isFalse();
    assertThat(CheckedFiles.quickCheck(record)).contains(afterEdit.runFolder());

    // A store entry corrupted in place, same size and time: the quick check is unsure, the full run recomputes it.
    ArtifactStore store = new ArtifactStore(out.resolve("artifacts").toString());
    String evaluation = store.keys(StageKinds.EVALUATION).get(0);
    rewriteInPlace(out.resolve("artifacts").resolve(StageKinds.EVALUATION).resolve(evaluation).resolve(ArtifactStore.COMPLETE));
    assertThat(CheckedFiles.quickCheck(record)).isEmpty();
    SweepJob.Outcome afterCorruption = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true,
        record);
    assertThat(afterCorruption.upToDate()).isFalse();
    assertThat(afterCorruption.counts().get("evaluate_computed")).isEqualTo(1);
    assertThat(TinySweep.rows(afterCorruption.runFolder().resolve(RunFolderFiles.VARIANTS))).isEqualTo(rows);
    assertThat(CheckedFiles.quickCheck(record)).contains(afterCorruption.runFolder());

    // A file added to the run folder; then removed again.
    Path added = afterCorruption.runFolder().resolve("models").resolve("added.txt");
    Files.writeString(added, "x");
    assertThat(CheckedFiles.quickCheck(record)).isEmpty();
    Files.delete(added);
    assertThat(CheckedFiles.quickCheck(record)).contains(afterCorruption.runFolder());

    // The spec edited (a comment): unsure; the full check sees another spec hash, runs (all reused) and records again,
    // provided the spec had settled when the plan read it (a file changed within 50 ms of that is never recorded).
    Files.writeString(spec, Files.readString(spec) + "# a comment\n");
    assertThat(CheckedFiles.quickCheck(record)).isEmpty();
    Thread.sleep(100);
    SweepJob.Outcome afterSpecEdit = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true,
        record);
    assertThat(afterSpecEdit.upToDate()).isFalse();
    assertThat(CheckedFiles.quickCheck(record)).contains(afterSpecEdit.runFolder());
    SweepJob.Outcome again = SweepJob.runToCompletion(TinySweep.options(spec, out, TinySweep.direct()), "test", m -> {}, null, true, record);
    assertThat(again.upToDate()).isTrue();
    assertThat(CheckedFiles.quickCheck(record)).contains(again.runFolder());
  }

  /** Flips the first byte of a file in place and puts its modification time back: size and time as before. */
  private static void rewriteInPlace(Path file) throws Exception {
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 1;
    Thread.sleep(20);
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.write(bytes, 0, 1);
    }
    Files.setLastModifiedTime(file, time);
    assertThat(Files.size(file)).isEqualTo(bytes.length);
  }
}
