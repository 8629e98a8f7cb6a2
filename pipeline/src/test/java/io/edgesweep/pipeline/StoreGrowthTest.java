package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** A sweep that would fill the disk is refused before it starts, naming the folder and the figures. */
class StoreGrowthTest {
  private static final long MIB = 1024 * 1024;
  private final Path store = Path.of("/data/store");
  private final Path out = Path.of("/data/runs");

  @Test
  void aStoreDiskWithTooLittleSpaceIsNamed() {
    StoreGrowth.Estimate estimate = new StoreGrowth.Estimate(10 * MIB, MIB);
    assertThatThrownBy(() -> StoreGrowth.check(estimate, store, 5 * MIB, out, 100 * MIB, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--artifact-root: /data/store has 5.00 MiB free, and this sweep needs about 10.00 MiB (10.00 MiB of new store entries,"
            + " 1.00 MiB for the run folder); free some space (edgesweep store gc lists what no run needs) or choose another folder");
  }

  @Test
  void onOneDiskTheStoreAndTheRunFolderAddUp() {
    StoreGrowth.Estimate estimate = new StoreGrowth.Estimate(10 * MIB, 2 * MIB);
    assertThatCode(() -> StoreGrowth.check(estimate, store, 11 * MIB, out, 100 * MIB, false)).doesNotThrowAnyException();
    assertThatThrownBy(() -> StoreGrowth.check(estimate, store, 11 * MIB, out, 11 * MIB, true)).hasMessageContaining("needs about 12.00 MiB");
    assertThatThrownBy(() -> StoreGrowth.check(estimate, store, 50 * MIB, out, MIB, false)).hasMessageStartingWith("--out: /data/runs has 1.00 MiB free");
  }

  @TempDir Path dir;

  @Test
  void theEstimateAddsEveryModelTheStoreDoesNotHoldOnce() throws Exception {
    // Teacher mlp:784-64-10, one student mlp:784-32-10 at T none and 4, ratios 0 and 0.6, bits 32 and 8.
    Path spec = TinySweep.writeSpec(dir, "tiny", "32, 8");
    SweepPlan plan = SweepPlan.prepare(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test");
    long rows = io.edgesweep.data.ParquetImageDatasets.readHeader(plan.spec().data().resolve("train.parquet")).rows();
    long teacher = (784 * 64 + 64 + 64 * 10 + 10) * 4L;
    long student = (784 * 32 + 32 + 32 * 10 + 10) * 4L;
    // Entries: teacher, logits, 2 students, 2 pruned (ratio 0 passes through), 4 quantized
    // (32-bit passes through; kept as the recipe that rebuilds them, so no parameters), 8
    // evaluations; and the 4 splits' checks, which planning has already stored.
    StoreGrowth.Estimate estimate = StoreGrowth.estimate(plan, rows, 10);
    assertThat(estimate.store()).isEqualTo(teacher + rows * 10 * 4 + 4 * student + 18 * StoreGrowth.ENTRY_OVERHEAD);
    assertThat(StoreReferences.of(plan)).hasSize(18 + 4).doesNotHaveDuplicates();
  }

  @Test
  void aRemoteStoreIsNotChecked() {
    assertThatCode(() -> StoreGrowth.check(new StoreGrowth.Estimate(Long.MAX_VALUE / 2, MIB), null, -1, out, 10 * MIB, false))
        .doesNotThrowAnyException();
  }
}
