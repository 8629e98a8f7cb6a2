package io.edgesweep.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.evaluate.LatencySamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic that decides what a row reports on a busy machine and whether the machine was too busy: no timing here. */
class BusyMachineTest {
  @Test
  void callsDuringWhichTheThreadLostItsCoreAreDropped() {
    // Wall 100 us each; CPU 100, 95, 40 (preempted for 60 us), 90, 10 us: the third and fifth go.
    long[] wall = {100_000, 100_000, 160_000, 100_000, 900_000};
    long[] cpu = {100_000, 95_000, 100_000, 90_000, 90_000};
    LatencySamples kept = LatencyMeter.undisturbed(wall, cpu);
    assertThat(kept.millis()).containsExactly(0.1, 0.1, 0.1);
    // Unknown CPU time (-1) keeps nothing apart: the caller falls back to all calls.
    assertThat(LatencyMeter.undisturbed(wall, new long[] {-1, -1, -1, -1, -1})).isNull();
  }

  @Test
  void aRowReportsItsStatisticOfUndisturbedCallsWithABootstrapNoise() {
    // 100 undisturbed calls of exactly 1 ms: no noise at all, whatever the resampling.
    LatencySamples flat = samples(100, 1.0, 0);
    RowFigure f = RowFigure.of(flat, flat, LatencyStatistic.MEDIAN, 1);
    assertThat(f.ms()).isEqualTo(1.0);
    assertThat(f.noise()).isEqualTo(0.0);
    assertThat(f.undisturbedShare()).isEqualTo(1.0);
    // 1.00, 1.01, ..., 1.99 ms: the median 1.495; its bootstrap SE for a uniform spread of width 1
    // over n = 100 is about sqrt(pi/2) * 0.289 / 10 = 0.036 ms, 2.4% of the median.
    LatencySamples spread = samples(100, 1.0, 0.01);
    RowFigure g = RowFigure.of(spread, spread, LatencyStatistic.MEDIAN, 1);
    assertThat(g.ms()).isCloseTo(1.495, within(1e-12));
    assertThat(g.noise()).isBetween(0.015, 0.035);
    assertThat(RowFigure.of(spread, spread, LatencyStatistic.MIN, 1).ms()).isEqualTo(1.0);
    assertThat(RowFigure.of(spread, spread, LatencyStatistic.P10, 1).ms()).isCloseTo(1.099, within(1e-12));
    // Too few undisturbed calls (10 of 100 < 20%): the row falls back to all of them.
    LatencySamples few = samples(10, 5.0, 0);
    RowFigure h = RowFigure.of(spread, few, LatencyStatistic.MEDIAN, 1);
    assertThat(h.ms()).isCloseTo(1.495, within(1e-12));
    assertThat(h.undisturbedShare()).isCloseTo(0.1, within(1e-12));
    assertThat(h.tooDisturbed()).isTrue();
    assertThat(h.unreliable()).isTrue();
    assertThat(g.unreliable()).isFalse();
  }

  @Test
  void theVerdictRestsOnTheMeasurementNotOnTheLoadAlone() {
    RowFigure clean = new RowFigure(1.0, 0.02, 0.98, LatencyStatistic.MEDIAN);
    RowFigure noisy = new RowFigure(1.0, 0.20, 0.98, LatencyStatistic.MEDIAN);
    RowFigure preempted = new RowFigure(1.0, 0.02, 0.30, LatencyStatistic.MEDIAN);
    // Quiet: load 1.1 on 2 cores with one timing thread.
    assertThat(MachineVerdict.judge(Collections.nCopies(10, clean), 1.1, 1, 2).level()).isEqualTo(MachineVerdict.Level.QUIET);
    // Loaded (others about 4 on 2 cores) but every row clean: busy, figures stand.
    MachineVerdict loaded = MachineVerdict.judge(Collections.nCopies(10, clean), 5.0, 1, 2);
    assertThat(loaded.level()).isEqualTo(MachineVerdict.Level.BUSY);
    assertThat(loaded.statement()).contains("load 5.00 on 2 cores").contains("figures stand");
    // A fifth of the rows too noisy: too busy.
    List<RowFigure> twoOfTen = new ArrayList<>(Collections.nCopies(8, clean));
    twoOfTen.addAll(Collections.nCopies(2, noisy));
    MachineVerdict tooBusy = MachineVerdict.judge(twoOfTen, 1.1, 1, 2);
    assertThat(tooBusy.tooBusy()).isTrue();
    assertThat(tooBusy.statement()).startsWith("THE MACHINE WAS TOO BUSY").contains("2 of 10 rows unreliable (noisier than ±12.5%");
    // One noisy row of ten: busy, not too busy.
    List<RowFigure> oneOfTen = new ArrayList<>(Collections.nCopies(9, clean));
    oneOfTen.add(noisy);
    assertThat(MachineVerdict.judge(oneOfTen, 1.1, 1, 2).level()).isEqualTo(MachineVerdict.Level.BUSY);
    // The thread kept its core for under half its calls in the median row: too busy.
    assertThat(MachineVerdict.judge(Collections.nCopies(10, preempted), 1.1, 1, 2).tooBusy()).isTrue();
  }

  private static LatencySamples samples(int n, double first, double step) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      ms[i] = first + i * step;
    }
    return new LatencySamples(ms);
  }
}
