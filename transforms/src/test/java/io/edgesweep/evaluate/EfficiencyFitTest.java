package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.model.Architecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fit recovers factors it is given: "measurements" made by the cost model itself with known
 * factors must lead back to those factors, and a held-out check of them must be exact.
 */
class EfficiencyFitTest {
  private static final String[] MLPS = {"mlp:784-300-100-10", "mlp:784-150-50-10", "mlp:784-100-10", "mlp:784-32-10"};
  /** Two with pooling and two without, so that any one left out leaves convolution and pooling apart. */
  private static final String[] CNNS = {"lenet5", "cnn:1x28x28:c3k5p2-m2-c8k5-m2-f60-f42-f10", "cnn:1x28x28:c8k5-c16k5-f10",
      "cnn:1x28x28:c4k3-c8k3-f10"};

  /** A host-like device: fp32 only, 8.3e10 MAC/s and 5e10 B/s peaks, weights unpacked to fp32. */
  private static TestDevices hostLike() {
    TestDevices d = TestDevices.builder();
    d.id = "host";
    d.deviceClass = DeviceClass.HOST;
    d.peak = new LinkedHashMap<>(Map.of(Precision.FP32, 8.3e10));
    d.efficiency = new LinkedHashMap<>(Map.of(Precision.FP32, 0.5));
    d.joulesPerMac = new LinkedHashMap<>(Map.of(Precision.FP32, 4.6e-12));
    d.bandwidth = 5e10;
    d.memoryEfficiency = 0.5;
    d.overhead = 2e-5;
    d.unpacksWeights = true;
    d.weightPrecisions = java.util.Set.of(Precision.FP32, Precision.FP16, Precision.INT8, Precision.integer(4));
    d.ramBytes = 1L << 32;
    d.storageBytes = 1L << 32;
    d.maxModelBytes = 1L << 32;
    return d;
  }

  /** The factors the synthetic measurements are made with. */
  private static DeviceProfile truth() {
    TestDevices d = hostLike();
    d.efficiency.put(Precision.FP32, 0.31);
    d.memoryEfficiency = 0.72;
    d.overhead = 7e-6;
    d.layerKinds.put("conv", new LayerKindCost(0.45, 6e-5));
    d.layerKinds.put("maxpool", new LayerKindCost(0.02, 1.2e-5));
    d.conversions.put("int", new ActivationConversionCost(4.5e-5, 1.8e-9));
    d.conversions.put("fp16", new ActivationConversionCost(5e-6, 3e-10));
    return d.build();
  }

  private static List<EfficiencyFit.Observation> measured(DeviceProfile device, String[]... families) {
    List<EfficiencyFit.Observation> observations = new ArrayList<>();
    for (String[] family : families) {
      for (String spec : family) {
        Architecture a = Architecture.parse(spec);
        Map<String, ModelFootprint> variants = new LinkedHashMap<>();
        variants.put("fp32", ModelFootprint.dense(a, WeightEncoding.float32(), Precision.FP32));
        variants.put("int8", ModelFootprint.dense(a, WeightEncoding.integer(8, ScaleGranularity.PER_CHANNEL, false), Precision.INT8));
        variants.put("fp16", ModelFootprint.dense(a, WeightEncoding.float16(), Precision.FP16));
        variants.forEach((name, footprint) -> {
          for (int batch : new int[] {1, 64}) {
            double seconds = CostModel.estimate(footprint, device, batch).latencySeconds();
            observations.add(new EfficiencyFit.Observation(spec + " " + name, footprint, batch, seconds));
          }
        });
      }
    }
    return observations;
  }

  @Test
  void recoversTheFactorsThatMadeTheMeasurements() {
    DeviceProfile truth = truth();
    List<EfficiencyFit.Observation> observations = measured(truth, MLPS, CNNS);
    EfficiencyFit.Result fit = EfficiencyFit.fit(observations, hostLike().build());
    DeviceProfile p = fit.profile();

    assertThat(p.efficiencyFitted()).isTrue();
    assertThat(fit.precision()).isEqualTo(Precision.FP32);
    assertThat(p.computeEfficiency().get(Precision.FP32)).isCloseTo(0.31, within(0.31e-3));
    assertThat(p.memoryEfficiency()).isCloseTo(0.72, within(0.72e-3));
    assertThat(p.layerOverheadSeconds()).isCloseTo(7e-6, within(7e-9));
    assertThat(p.layerKinds().get("conv").relativeSpeed()).isCloseTo(0.45, within(0.45e-3));
    assertThat(p.layerKinds().get("conv").overheadSeconds()).isCloseTo(6e-5, within(6e-8));
    assertThat(p.layerKinds().get("maxpool").relativeSpeed()).isCloseTo(0.02, within(0.02e-3));
    assertThat(p.layerKinds().get("maxpool").overheadSeconds()).isCloseTo(1.2e-5, within(1.2e-8));
    assertThat(p.activationConversion().get("int").overheadSeconds()).isCloseTo(4.5e-5, within(4.5e-8));
    assertThat(p.activationConversion().get("int").secondsPerValue()).isCloseTo(1.8e-9, within(1.8e-12));
    assertThat(p.activationConversion().get("fp16").overheadSeconds()).isCloseTo(5e-6, within(5e-9));
    assertThat(p.activationConversion().get("fp16").secondsPerValue()).isCloseTo(3e-10, within(3e-13));
    assertThat(fit.rmsRelativeError(observations)).isLessThan(1e-4);
    assertThat(fit.fittedTerms()).containsExactly("efficiency.compute.fp32", "efficiency.memory", "layer-overhead-seconds",
        "layer-kinds.conv", "layer-kinds.maxpool", "activation-conversion.int", "activation-conversion.fp16");
  }

  @Test
  void aVariantLeftOutIsStillEstimatedFromTheOthers() {
    List<EfficiencyFit.Observation> observations = measured(truth(), MLPS, CNNS);
    double[] heldOut = EfficiencyFit.leaveOneVariantOut(observations, hostLike().build());
    for (int i = 0; i < observations.size(); i++) {
      assertThat(heldOut[i] / observations.get(i).measuredSeconds() - 1).as(observations.get(i).variant()).isCloseTo(0, within(1e-3));
    }
  }

  @Test
  void aWholeArchitectureLeftOutIsEstimatedFromTheOthers() {
    // Only while the others still tell each term apart: with both pool-free networks left out,
    // convolution and pooling time would always come together and could not be separated.
    List<EfficiencyFit.Observation> observations = measured(truth(), MLPS, CNNS);
    double[] heldOut = EfficiencyFit.leaveGroupsOut(observations, hostLike().build(), o -> o.variant().split(" ")[0]);
    for (int i = 0; i < observations.size(); i++) {
      assertThat(heldOut[i] / observations.get(i).measuredSeconds() - 1).as(observations.get(i).variant()).isCloseTo(0, within(1e-3));
    }
  }

  @Test
  void termsNoMeasurementExercisesKeepTheBaseProfilesValues() {
    // Float dense layers only: nothing measures convolution, pooling or activation conversion.
    DeviceProfile truth = truth();
    List<EfficiencyFit.Observation> observations = measured(truth, MLPS).stream().filter(o -> o.variant().endsWith("fp32")).toList();
    TestDevices base = hostLike();
    base.layerKinds.put("conv", new LayerKindCost(0.9, 1e-4));
    EfficiencyFit.Result fit = EfficiencyFit.fit(observations, base.build());

    assertThat(fit.fittedTerms()).containsExactly("efficiency.compute.fp32", "efficiency.memory", "layer-overhead-seconds");
    assertThat(fit.profile().layerKinds()).containsExactly(Map.entry("conv", new LayerKindCost(0.9, 1e-4)));
    assertThat(fit.profile().activationConversion()).isEmpty();
    assertThat(fit.profile().computeEfficiency().get(Precision.FP32)).isCloseTo(0.31, within(0.31e-3));
    assertThat(fit.profile().memoryEfficiency()).isCloseTo(0.72, within(0.72e-3));
  }

  @Test
  void efficienciesStayFractionsOfThePeak() {
    // Measurements faster than the peaks allow: the fit stops at efficiency 1 instead of exceeding it.
    DeviceProfile truth = truth();
    List<EfficiencyFit.Observation> fast = new ArrayList<>();
    for (EfficiencyFit.Observation o : measured(truth, MLPS)) {
      fast.add(new EfficiencyFit.Observation(o.variant(), o.footprint(), o.batch(), o.measuredSeconds() / 20));
    }
    DeviceProfile p = EfficiencyFit.fit(fast, hostLike().build()).profile();
    assertThat(p.computeEfficiency().get(Precision.FP32)).isLessThanOrEqualTo(1);
    assertThat(p.memoryEfficiency()).isLessThanOrEqualTo(1);
    assertThat(p.layerOverheadSeconds()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void refusesMeasurementsThatCannotBeTimings() {
    ModelFootprint f = ModelFootprint.dense(Architecture.parse("mlp:4-2"), WeightEncoding.float32(), Precision.FP32);
    assertThatThrownBy(() -> new EfficiencyFit.Observation("m", f, 1, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new EfficiencyFit.Observation("m", f, 1, Double.NaN)).hasMessageContaining("positive");
    assertThatThrownBy(() -> EfficiencyFit.fit(List.of(), hostLike().build())).hasMessageContaining("no measurements");
  }
}
