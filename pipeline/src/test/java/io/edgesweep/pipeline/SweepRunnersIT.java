package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.report.RunFolderFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same spec on the embedded Flink runner and on the DirectRunner, each from an empty store,
 * gives the same variants.parquet rows. An IT because it starts a Flink MiniCluster.
 */
class SweepRunnersIT {
  @TempDir Path dir;

  @Test
  void flinkLocalAndDirectGiveTheSameRows() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "runners", "32, 8, 4");
    SweepJob.Outcome flink = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("flink"), TinySweep.flinkLocal()), "test", m -> {});
    SweepJob.Outcome direct = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("direct"), TinySweep.direct()), "test", m -> {});
    assertThat(flink.counts().get("distill_computed")).isEqualTo(2);
    assertThat(direct.counts().get("distill_computed")).isEqualTo(2);
    Map<String, Map<String, Object>> a = TinySweep.rows(flink.runFolder().resolve(RunFolderFiles.VARIANTS));
    Map<String, Map<String, Object>> b = TinySweep.rows(direct.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(a).hasSize(12);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String id : a.keySet()) {
      Map<String, Object> ra = a.get(id);
      Map<String, Object> rb = b.get(id);
      assertThat(ra.keySet()).isEqualTo(rb.keySet());
      for (String column : ra.keySet()) {
        Object x = ra.get(column);
        Object y = rb.get(column);
        if (x instanceof Double dx && y instanceof Double dy) {
          assertThat(dx).as(id + " " + column).isCloseTo(dy, within(1e-6));
        } else {
          assertThat(x).as(id + " " + column).isEqualTo(y);
        }
      }
    }
  }
}
