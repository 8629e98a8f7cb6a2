package io.edgesweep.evaluate;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one variant costs on one device, whether it fits, and why not.
 *
 * <p>{@link #violations()} lists every constraint the variant breaks except the accuracy floor,
 * which needs the variant's accuracy and is checked at selection.
 *
 * @param deviceId the device profile's id
 * @param batch examples per inference the estimate is for; the pick uses batch 1
 * @param weightPrecisions the weight formats of the model's layers, narrowest first
 * @param storedBytes the model in the smallest format the device reads, layer by layer
 * @param denseMacs MACs of the batch with every weight multiplied
 * @param macs MACs the device performs (fewer where its kernels skip zeros)
 * @param bytesMoved weight and activation bytes moved over the batch
 * @param latencySeconds estimated time for the batch
 * @param energyJoules estimated energy for the batch: active power × latency (where the profile gives
 *     power) plus the arithmetic and data-movement terms of {@link #dynamicEnergyJoules()}
 * @param peakRamBytes largest live activations of any layer, plus weights where they sit in RAM
 * @param efficiencyFitted whether the device's efficiency factors were fitted to measurement
 * @param violations the constraints broken; empty when it fits
 * @param layers the per-layer breakdown, in forward order
 */
public record CostEstimate(
    String deviceId,
    int batch,
    List<Precision> weightPrecisions,
    long storedBytes,
    long denseMacs,
    long macs,
    long bytesMoved,
    double latencySeconds,
    double energyJoules,
    long peakRamBytes,
    boolean efficiencyFitted,
    Set<Constraint> violations,
    List<LayerCost> layers)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public CostEstimate {
    violations = Collections.unmodifiableSet(violations.isEmpty() ? EnumSet.noneOf(Constraint.class) : EnumSet.copyOf(violations));
    layers = List.copyOf(layers);
    weightPrecisions = List.copyOf(weightPrecisions);
  }

  public double latencyMs() {
    return latencySeconds * 1e3;
  }

  /** The arithmetic and data-movement part of the energy: Σ MACs · e_mac + bytes moved · e_byte over the layers. */
  public double dynamicEnergyJoules() {
    return layers.stream().mapToDouble(LayerCost::energyJoules).sum();
  }

  /** True when no device or policy constraint is broken (the accuracy floor is checked at selection). */
  public boolean fits() {
    return violations.isEmpty();
  }

  /** How many weight layers use each storage format. */
  public Map<StorageFormat, Integer> storageFormats() {
    Map<StorageFormat, Integer> counts = new TreeMap<>();
    for (LayerCost layer : layers) {
      if (layer.storage() != null) {
        counts.merge(layer.storage().format(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The storage formats as one word for tables: {@code csr}, or {@code dense+csr} when layers differ. */
  public String storageFormatSummary() {
    return String.join("+", storageFormats().keySet().stream().map(StorageFormat::yamlName).toList());
  }
}
