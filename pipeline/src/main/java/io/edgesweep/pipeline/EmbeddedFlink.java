package io.edgesweep.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Beam options of the embedded Flink runner ({@code --runner flink-local}), in one place so
 * the command line, the tests and the benchmarks run the same job.
 *
 * <p>The job runs in Flink's <b>streaming</b> mode, although its input is bounded. In batch mode
 * Beam translates every {@code Reshuffle} to a group-and-sort, so each stage waits until the stage
 * before has ended on every slot: with 3 students on 2 slots one slot idled for a whole student,
 * and every stage's tail left a core idle (teacher-logits 66%, distillation 82% CPU use on
 * {@code sweeps/fashion-mlp-bench.yaml}, docs/performance.md). In streaming mode a
 * {@code Reshuffle} is a pipelined rebalance: a student's fine-tunes start on the idle slot as
 * soon as it is stored, its quantized leaves as soon as a fine-tune is, and so on. The grouping
 * steps (siblings before evaluation, all variants before selection) still wait for all their
 * input, as they must. Results do not depend on the mode: every task's output is a function of
 * its store key (same stored bits and rows, {@code SweepRunnersIT}). What batch mode offers
 * instead, restarting only the failed region of a job, does not apply in one process; on a
 * cluster ({@code --runner flink}) the job stays in batch mode.
 *
 * <p>{@code fasterCopy} and {@code objectReuse}: the elements are immutable records, so chained
 * operators may pass them on uncopied.
 */
public final class EmbeddedFlink {
  private EmbeddedFlink() {}

  /**
   * The runner options for {@code slots} task slots, with the MiniCluster's own configuration
   * ({@link EmbeddedFlinkConfiguration}) unless {@code FLINK_CONF_DIR} names the user's.
   */
  public static List<String> options(int slots) {
    return options(slots, System.getenv("FLINK_CONF_DIR"));
  }

  static List<String> options(int slots, String flinkConfDirOfEnvironment) {
    List<String> options = new ArrayList<>(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=" + slots,
        "--streaming=true", "--fasterCopy=true", "--objectReuse=true"));
    if (flinkConfDirOfEnvironment == null || flinkConfDirOfEnvironment.isBlank()) {
      Path folder = EmbeddedFlinkConfiguration.folder(slots);
      if (folder != null) {
        options.add("--flinkConfDir=" + folder);
      }
    }
    return List.copyOf(options);
  }
}
