package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.model.Architecture;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cost model against MLPerf Tiny v1.1's published closed-division results for the one
 * reference model the layer chain can express: the anomaly-detection autoencoder, as {@code mlp:}.
 *
 * <p>Published figures (Krai, X-CUBE-AI 8.0.0, tiny_results_v1.1/closed/Krai/results/README.md):
 * NUCLEO-L4R5ZI 131.950 inf./s and 528.881 uJ/inf.; NUCLEO-H7A3ZI-Q 547.234 inf./s and 235.833
 * uJ/inf.; and from v1.0, STMicroelectronics, X-CUBE-AI 7.3.0: NUCLEO-U575ZI-Q 206.211 inf./s and
 * 119.113 uJ/inf. The profiles' power comes from the same boards' image-classification runs, so neither
 * number compared here was an input. The table this prints is in docs/cost-model.md; the test
 * pins it, so a change to the model or the profiles shows up here and in the doc together.
 */
class MlperfTinyComparisonTest {
  /** The MLPerf Tiny AD autoencoder: 640 inputs, four 128-unit layers, an 8-unit bottleneck, four 128, 640 outputs. */
  static final String AD = "mlp:640-128-128-128-128-8-128-128-128-128-640";

  @Test
  void theAnomalyDetectionAutoencoderHas264kMacs() {
    ModelFootprint model = int8(AD);
    // 640*128 + 3*128*128 + 128*8 + 8*128 + 3*128*128 + 128*640 = 264,192 (MLPerf Tiny: "264k MACs").
    assertThat(CostModel.estimate(model, profile("nucleo-l4r5zi")).macs()).isEqualTo(264_192);
  }

  @Test
  void estimatesAgainstPublishedLatencyAndEnergy() {
    Row l4 = row("nucleo-l4r5zi", 1 / 131.950, 528.881e-6);
    Row h7 = row("nucleo-h7a3zi", 1 / 547.234, 235.833e-6);
    // MLPerf Tiny v1.0, STMicroelectronics, X-CUBE-AI 7.3.0: 206.211 inf./s (performance run),
    // 119.113 uJ/inf. (closed/STMicroelectronics/results/NUCLEO-U575ZI-Q/ad/{performance,energy}/results.txt).
    Row u5 = row("nucleo-u575zi", 1 / 206.211, 119.113e-6);
    System.out.println("board           estimate ms  published ms  ratio   estimate uJ  published uJ  ratio  of which dynamic uJ");
    for (Row r : new Row[] {l4, h7, u5}) {
      System.out.printf(Locale.ROOT, "%-14s  %11.3f  %12.3f  %5.2f  %11.1f  %12.1f  %5.2f  %19.3f%n", r.device, r.estimate.latencyMs(), r.publishedSeconds * 1e3,
          r.latencyRatio(), r.estimate.energyJoules() * 1e6, r.publishedJoules * 1e6, r.energyRatio(), r.estimate.dynamicEnergyJoules() * 1e6);
    }
    // The figures docs/cost-model.md quotes. The Cortex-M7 board is within 2x on both; the
    // Cortex-M4 and Cortex-M33 boards are 2.4-3x optimistic, because their int8 kernels reach far
    // less than the half of SMLAD peak all MCU profiles assume (the doc says why this is not tuned away).
    assertThat(l4.latencyRatio()).isCloseTo(0.326, within(0.002));
    assertThat(h7.latencyRatio()).isCloseTo(0.704, within(0.002));
    assertThat(l4.energyRatio()).isCloseTo(0.365, within(0.002));
    assertThat(h7.energyRatio()).isCloseTo(0.762, within(0.002));
    assertThat(u5.latencyRatio()).isCloseTo(0.382, within(0.002));
    assertThat(u5.energyRatio()).isCloseTo(0.411, within(0.002));
    // With the board's own measured power, energy is off by about the latency error times the
    // power error (IC power against AD power: 77.9 / 69.8 mW and 139.2 / 129.5 mW).
    assertThat(l4.energyRatio() / l4.latencyRatio()).isCloseTo(77.940 / 69.757, within(0.01));
    // Active power dominates: the arithmetic and data-movement terms are under 0.5% of the energy.
    assertThat(l4.estimate().dynamicEnergyJoules() / l4.estimate().energyJoules()).isLessThan(0.005);
  }

  @Test
  void activePowerDominatesTheEnergyOnEveryProfileThatGivesIt() {
    // LeNet-300-100 with int8 weights and activations (fp32 kernels where a device has no int8),
    // batch 1: the table in docs/cost-model.md, "Energy".
    ModelFootprint lenet = int8("mlp:784-300-100-10");
    System.out.println("profile            class     latency ms  active uJ   dynamic uJ  dynamic share");
    for (DeviceProfile p : DeviceProfiles.loadAll(Path.of("../device-profiles"))) {
      CostEstimate e = CostModel.estimate(lenet, p);
      double active = e.energyJoules() - e.dynamicEnergyJoules();
      System.out.printf(Locale.ROOT, "%-17s  %-8s  %10.4f  %10.3f  %10.5f  %12.5f%n", p.id(), p.deviceClass(), e.latencyMs(), active * 1e6,
          e.dynamicEnergyJoules() * 1e6, e.dynamicEnergyJoules() / e.energyJoules());
      if (p.power() != null) {
        assertThat(active).isCloseTo(p.power().activeWatts() * e.latencySeconds(), within(1e-15));
        assertThat(e.dynamicEnergyJoules() / e.energyJoules()).as(p.id()).isLessThan(0.10);
      } else {
        assertThat(e.energyJoules()).isEqualTo(e.dynamicEnergyJoules());
      }
    }
  }

  private record Row(String device, CostEstimate estimate, double publishedSeconds, double publishedJoules) {
    double latencyRatio() {
      return estimate.latencySeconds() / publishedSeconds;
    }

    double energyRatio() {
      return estimate.energyJoules() / publishedJoules;
    }
  }

  private static Row row(String device, double publishedSeconds, double publishedJoules) {
    return new Row(device, CostModel.estimate(int8(AD), profile(device)), publishedSeconds, publishedJoules);
  }

  private static ModelFootprint int8(String arch) {
    return ModelFootprint.dense(Architecture.parse(arch), WeightEncoding.integer(8, ScaleGranularity.PER_CHANNEL, false), Precision.INT8);
  }

  private static DeviceProfile profile(String id) {
    return DeviceProfiles.load(Path.of("../device-profiles/" + id + ".yaml"));
  }
}
