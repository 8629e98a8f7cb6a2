package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.report.RunFolderFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain loop, the benchmarks' baseline, does the pipeline's work: from an empty store it
 * computes every stage node once, and its rows equal the DirectRunner's.
 */
class PlainLoopTest {
  @TempDir Path dir;

  @Test
  void thePlainLoopComputesWhatThePipelineComputesWithTheSameRows() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "plain", "32, 4");
    SweepJob.Outcome plain = SweepJob.runToCompletion(
        TinySweep.options(spec, dir.resolve("plain"), "--runner=DirectRunner", "--plainLoop=true", "--parallelism=1", "--djlThreads=1"), "test", m -> {});
    SweepJob.Outcome direct = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("direct"), TinySweep.direct()), "test", m -> {});
    assertThat(plain.counts().counters()).isEqualTo(direct.counts().counters());
    assertThat(plain.counts().get("distill_computed")).isEqualTo(2);
    assertThat(plain.counts().get("prune_computed") + plain.counts().get("prune_passed_through")).isEqualTo(4);
    assertThat(plain.counts().get("evaluate_computed")).isEqualTo(8);
    assertThat(plain.times().stages().keySet()).isEqualTo(direct.times().stages().keySet());
    assertThat(plain.times().stages().get("distill").tasks()).isEqualTo(2);
    assertThat(plain.times().stages().get("distill").cpuSeconds()).isPositive();
    Map<String, Map<String, Object>> a = TinySweep.rows(plain.runFolder().resolve(RunFolderFiles.VARIANTS));
    Map<String, Map<String, Object>> b = TinySweep.rows(direct.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(a).hasSize(8);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String id : a.keySet()) {
      for (String column : a.get(id).keySet()) {
        Object x = a.get(id).get(column);
        Object y = b.get(id).get(column);
        if (x instanceof Double dx && y instanceof Double dy) {
          assertThat(dx).as(id + " " + column).isCloseTo(dy, within(1e-6));
        } else {
          assertThat(x).as(id + " " + column).isEqualTo(y);
        }
      }
    }
  }
}
