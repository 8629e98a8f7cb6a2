package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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

  @Test
  void aRemoteStoreIsNotChecked() {
    assertThatCode(() -> StoreGrowth.check(new StoreGrowth.Estimate(Long.MAX_VALUE / 2, MIB), null, -1, out, 10 * MIB, false))
        .doesNotThrowAnyException();
  }
}
