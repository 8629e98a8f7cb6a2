package io.edgesweep.evaluate;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Device profiles with round numbers, so that cost-model tests can be checked by hand.
 *
 * <p>Defaults: fp32 and int8 at 1000 MAC/s peak, efficiency 1, bandwidth 1000 B/s, no per-layer
 * overhead, e_mac 1 nJ (fp32) and 0.25 nJ (int8), e_byte 0.1 nJ, weights in RAM, dense only.
 */
public final class TestDevices {
  public String id = "test";
  public DeviceClass deviceClass = DeviceClass.SBC;
  public long ramBytes = 1_000_000;
  public long storageBytes = 1_000_000;
  public boolean weightsInRam = true;
  public double bandwidth = 1000;
  public Map<Precision, Double> peak = new LinkedHashMap<>(Map.of(Precision.FP32, 1000.0, Precision.INT8, 1000.0));
  public Map<Precision, Double> efficiency = new LinkedHashMap<>(Map.of(Precision.FP32, 1.0, Precision.INT8, 1.0));
  public double memoryEfficiency = 1.0;
  public double overhead = 0;
  public Map<String, LayerKindCost> layerKinds = new LinkedHashMap<>();
  public Map<String, ActivationConversionCost> conversions = new LinkedHashMap<>();
  public Set<Precision> weightPrecisions = Set.of(Precision.FP32, Precision.FP16, Precision.INT8, Precision.integer(4));
  public Set<StorageFormat> formats = EnumSet.of(StorageFormat.DENSE);
  public boolean unpacksWeights = false;
  public boolean sparseCompute = false;
  public int csrIndexBits = 4;
  public Map<Precision, Double> joulesPerMac = new LinkedHashMap<>(Map.of(Precision.FP32, 1e-9, Precision.INT8, 0.25e-9));
  public double joulesPerByte = 0.1e-9;
  public DevicePower power = null;
  public double latencyBudgetMs = 1e6;
  public double accuracyFloor = 0;
  public long maxModelBytes = 1_000_000;
  public SelectionRule selection = SelectionRule.DEFAULT;

  public static TestDevices builder() {
    return new TestDevices();
  }

  /** Adds a compute precision with its peak, efficiency 1 and energy per MAC. */
  public TestDevices computes(Precision p, double peakMacs, double joules) {
    peak.put(p, peakMacs);
    efficiency.put(p, 1.0);
    joulesPerMac.put(p, joules);
    return this;
  }

  public DeviceProfile build() {
    return new DeviceProfile(id, "Test device", deviceClass, ramBytes, storageBytes, weightsInRam, bandwidth, peak, efficiency,
        memoryEfficiency, false, overhead, layerKinds, conversions, weightPrecisions, formats, unpacksWeights, sparseCompute, csrIndexBits, joulesPerMac, joulesPerByte, power,
        new DeviceConstraints(latencyBudgetMs, accuracyFloor, maxModelBytes, selection), Objective.MAX_ACCURACY, "test", "0");
  }
}
