package io.edgesweep.evaluate;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One device class as the cost model and the pick see it: budgets, speeds, energies, policy.
 *
 * <p>Loaded from {@code device-profiles/*.yaml} by {@link DeviceProfiles}, which checks every
 * field; the YAML comments carry each number's source. Units are fixed and written into the field
 * names: bytes, seconds, MAC/s (one multiply-accumulate per MAC, as {@code WeightLayer.macs()}
 * counts them), bytes/s, joules.
 *
 * @param id short name used on the command line and in reports, as in {@code stm32h743}
 * @param name what a person calls the device
 * @param deviceClass mcu, sbc, phone, edge-gpu, server or host
 * @param ramBytes RAM a model may use for activations (and weights, where they are loaded to RAM)
 * @param storageBytes storage (flash, disk) a model may use
 * @param weightsInRam whether the runtime loads weights into RAM (a phone) or reads them in place
 *     from storage (an MCU executing from flash)
 * @param bandwidthBytesPerSecond peak bandwidth of the memory weights and activations stream from
 * @param peakMacsPerSecond peak MAC/s by the precision the arithmetic runs at, over the cores the
 *     runtime uses; must include fp32
 * @param computeEfficiency fraction of peak MAC/s reached on real layers, per precision, in (0, 1]
 * @param memoryEfficiency fraction of peak bandwidth reached, in (0, 1]
 * @param efficiencyFitted whether the efficiency factors were fitted to measurements ({@code
 *     edgesweep profile-host}) rather than assumed
 * @param layerOverheadSeconds fixed cost of dispatching one layer (operator call, kernel launch);
 *     for a kind listed in {@code layerKinds}, that kind's own overhead applies instead
 * @param layerKinds how convolution and pooling layers run compared with dense layers, by kind
 *     ({@code conv}, {@code maxpool}); a kind not listed runs like a dense layer. Optional in YAML.
 * @param activationConversion what converting a layer's input to its kernel's format costs, by
 *     activation format ({@code int}, {@code fp16}); none listed costs nothing. Optional in YAML.
 * @param weightPrecisions weight formats the runtime can read
 * @param storageFormats weight layouts the runtime can read
 * @param unpacksWeights whether the runtime converts weights to its kernels' width when it loads
 *     them (PyTorch running a fake-quantized model holds fp32 weights whatever their stored width),
 *     so that RAM and traffic see that width instead of the stored one
 * @param sparseCompute whether kernels skip zero weights of a sparse layout (so unstructured
 *     sparsity saves MACs and bytes moved) rather than densifying at load
 * @param csrIndexBits width of a CSR relative column index
 * @param joulesPerMac energy of one MAC per compute precision; same keys as peakMacsPerSecond
 * @param joulesPerByte energy of moving one byte between memory and the core
 * @param power active and idle power, or null where the profile gives none (energy then counts
 *     arithmetic and data movement only, far below the truth)
 * @param constraints the class's policy: latency budget, accuracy floor, max model bytes
 * @param objective what the pick optimises among the variants that meet the constraints
 * @param source the file the profile was read from
 * @param sourceSha256 SHA-256 of that file, so a report can say exactly which profile it used
 */
public record DeviceProfile(
    String id,
    String name,
    DeviceClass deviceClass,
    long ramBytes,
    long storageBytes,
    boolean weightsInRam,
    double bandwidthBytesPerSecond,
    Map<Precision, Double> peakMacsPerSecond,
    Map<Precision, Double> computeEfficiency,
    double memoryEfficiency,
    boolean efficiencyFitted,
    double layerOverheadSeconds,
    Map<String, LayerKindCost> layerKinds,
    Map<String, ActivationConversionCost> activationConversion,
    Set<Precision> weightPrecisions,
    Set<StorageFormat> storageFormats,
    boolean unpacksWeights,
    boolean sparseCompute,
    int csrIndexBits,
    Map<Precision, Double> joulesPerMac,
    double joulesPerByte,
    DevicePower power,
    DeviceConstraints constraints,
    Objective objective,
    String source,
    String sourceSha256)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The layer kinds a profile may describe apart from dense layers, as {@link LayerCost#kind()} names them. */
  public static final Set<String> LAYER_KINDS = Set.of("conv", "maxpool");
  /** The activation formats a profile may give a conversion cost for: any integer width, or fp16. */
  public static final Set<String> CONVERSION_FORMATS = Set.of("int", "fp16");

  public DeviceProfile {
    layerKinds = Collections.unmodifiableMap(new TreeMap<>(layerKinds));
    activationConversion = Collections.unmodifiableMap(new TreeMap<>(activationConversion));
    if (!LAYER_KINDS.containsAll(layerKinds.keySet())) {
      throw new IllegalArgumentException(id + ": layer kinds " + layerKinds.keySet() + " must be among " + LAYER_KINDS);
    }
    if (!CONVERSION_FORMATS.containsAll(activationConversion.keySet())) {
      throw new IllegalArgumentException(id + ": activation conversions " + activationConversion.keySet() + " must be among " + CONVERSION_FORMATS);
    }
    peakMacsPerSecond = Collections.unmodifiableMap(new TreeMap<>(peakMacsPerSecond));
    computeEfficiency = Collections.unmodifiableMap(new TreeMap<>(computeEfficiency));
    joulesPerMac = Collections.unmodifiableMap(new TreeMap<>(joulesPerMac));
    weightPrecisions = Collections.unmodifiableSet(new TreeSet<>(weightPrecisions));
    storageFormats = Collections.unmodifiableSet(storageFormats.isEmpty() ? EnumSet.noneOf(StorageFormat.class) : EnumSet.copyOf(storageFormats));
    if (!peakMacsPerSecond.containsKey(Precision.FP32)) {
      throw new IllegalArgumentException(id + ": peak MAC/s must include fp32, the precision every layer can fall back to");
    }
    if (!peakMacsPerSecond.keySet().equals(computeEfficiency.keySet()) || !peakMacsPerSecond.keySet().equals(joulesPerMac.keySet())) {
      throw new IllegalArgumentException(id + ": peak MAC/s, compute efficiency and joules per MAC must name the same precisions");
    }
  }

  /** The precisions the device computes at, narrowest first. */
  public Set<Precision> computePrecisions() {
    return peakMacsPerSecond.keySet();
  }

  /** MAC/s actually reached at a compute precision: peak times efficiency. */
  public double effectiveMacsPerSecond(Precision compute) {
    Double peak = peakMacsPerSecond.get(compute);
    if (peak == null) {
      throw new IllegalArgumentException(id + " does not compute at " + compute + "; it computes at " + peakMacsPerSecond.keySet());
    }
    return peak * computeEfficiency.get(compute);
  }

  /** Bytes/s actually reached: peak bandwidth times memory efficiency. */
  public double effectiveBandwidth() {
    return bandwidthBytesPerSecond * memoryEfficiency;
  }

  /** How much faster (above 1) or slower a layer of this kind runs than a dense layer: 1 unless the profile says. */
  public double relativeSpeed(String kind) {
    LayerKindCost cost = layerKinds.get(kind);
    return cost == null ? 1 : cost.relativeSpeed();
  }

  /** The fixed cost of one layer of this kind: its own where the profile lists the kind, else the common one. */
  public double overheadSeconds(String kind) {
    LayerKindCost cost = layerKinds.get(kind);
    return cost == null ? layerOverheadSeconds : cost.overheadSeconds();
  }

  /**
   * What converting a layer's input costs when activations are stored as {@code activations} and
   * the kernel computes at {@code kernel}: nothing when the two agree or the profile lists no cost.
   */
  public ActivationConversionCost conversion(Precision activations, Precision kernel) {
    if (activations.equals(kernel)) {
      return ActivationConversionCost.NONE;
    }
    String format = activations.isInteger() ? "int" : activations.equals(Precision.FP16) ? "fp16" : null;
    ActivationConversionCost cost = format == null ? null : activationConversion.get(format);
    return cost == null ? ActivationConversionCost.NONE : cost;
  }

  /** This profile under other constraints (a sweep spec's override); everything measured stays. */
  public DeviceProfile withConstraints(DeviceConstraints other) {
    return new DeviceProfile(id, name, deviceClass, ramBytes, storageBytes, weightsInRam, bandwidthBytesPerSecond, peakMacsPerSecond,
        computeEfficiency, memoryEfficiency, efficiencyFitted, layerOverheadSeconds, layerKinds, activationConversion, weightPrecisions,
        storageFormats, unpacksWeights, sparseCompute, csrIndexBits, joulesPerMac, joulesPerByte, power, other, objective, source, sourceSha256);
  }

  /** The largest model the device takes: its storage budget or its max-model-bytes policy. */
  public long modelBytesLimit() {
    return Math.min(storageBytes, constraints.maxModelBytes());
  }

  @Override
  public String toString() {
    return id + " (" + deviceClass + ")";
  }
}
