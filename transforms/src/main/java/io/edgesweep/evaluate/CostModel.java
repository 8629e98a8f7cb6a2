package io.edgesweep.evaluate;

import io.edgesweep.compress.WeightFormat;
import io.edgesweep.model.Layer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Estimates a variant's bytes, latency, energy and peak memory on a device from its footprint.
 *
 * <p>An analytic roofline-style model: per layer, latency = max(MACs / (peak(precision) ·
 * efficiency), bytes moved / (bandwidth · efficiency)) + a fixed per-layer overhead, summed over
 * layers; energy = active power · latency + MACs · e_mac(precision) + bytes moved · e_byte (the
 * first term only where the profile gives a power figure). A profile may make convolution
 * and pooling layers relatively slower or faster than dense ones, with their own overhead ({@link
 * LayerKindCost}), and may charge for converting a layer's input to its kernel's format ({@link
 * ActivationConversionCost}), as the host does. It is meant to rank variants and to say which
 * fit, not to replace measurement: {@code docs/cost-model.md} lists every assumption and the
 * effects it ignores (caches, operator fusion, im2col buffers, DVFS, ...), and {@code edgesweep
 * profile-host} checks it against latency measured on the host.
 */
public final class CostModel {
  private CostModel() {}

  /** The estimate for one example at a time, as the pick uses it. */
  public static CostEstimate estimate(ModelFootprint model, DeviceProfile device) {
    return estimate(model, device, 1);
  }

  /**
   * The estimate for a batch: MACs and activations scale with the batch, weights are read once
   * per batch and the per-layer overhead is paid once per batch. Constraints are checked against
   * the batch's own figures.
   */
  public static CostEstimate estimate(ModelFootprint model, DeviceProfile device, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    List<LayerCost> costs = new ArrayList<>();
    long storedBytes = 0;
    long weightRamBytes = 0;
    long peakActivations = 0;
    int weightLayer = 0;
    int pools = 0;
    int adds = 0;
    for (Layer layer : model.layers()) {
      LayerCost cost;
      if (layer instanceof Layer.Flatten || layer instanceof Layer.Activation) {
        continue; // a reshape, or an activation fused into the kernel before it: no copy, no kernel
      } else if (layer instanceof Layer.MaxPool pool) {
        cost = pool("pool" + (++pools), pool, model.activations(), device, batch);
      } else if (layer instanceof Layer.AvgPool || layer instanceof Layer.GlobalAvgPool) {
        cost = passThrough("pool" + (++pools), "avgpool", layer, model.activations(), device, batch);
      } else if (layer instanceof Layer.Add) {
        cost = passThrough("add" + (++adds), "add", layer, model.activations(), device, batch);
      } else {
        LayerFootprint footprint = model.weightLayers().get(weightLayer++);
        cost = weighted(footprint, model.activations(), device, batch);
        storedBytes += cost.storage().totalBytes();
        weightRamBytes += cost.weightBytesMoved();
      }
      costs.add(cost);
      peakActivations = Math.max(peakActivations, cost.activationBytes());
    }
    if (model.architecture().startsWith(io.edgesweep.model.GraphSpec.PREFIX) || adds > 0) {
      // A graph may hold more than one layer's input and output at once (a residual branch's input).
      peakActivations = ActivationLifetimes.peakBytes(io.edgesweep.model.Architecture.parse(model.architecture()),
          model.activations(), batch);
    }
    long peakRam = peakActivations + (device.weightsInRam() ? weightRamBytes : 0);
    double latency = 0;
    double energy = 0;
    long denseMacs = 0;
    long macs = 0;
    long bytesMoved = 0;
    for (LayerCost c : costs) {
      latency += c.latencySeconds();
      energy += c.energyJoules(); // arithmetic and data movement
      denseMacs += c.denseMacs();
      macs += c.macs();
      bytesMoved += c.bytesMoved();
    }

    if (device.power() != null) {
      // The chip's own draw while it runs dwarfs the arithmetic on every class (docs/cost-model.md).
      energy += device.power().activeJoules(latency);
    }

    Set<Constraint> violations = EnumSet.noneOf(Constraint.class);
    for (Precision p : model.weightPrecisions()) {
      if (!device.weightPrecisions().contains(p)) {
        violations.add(Constraint.WEIGHT_PRECISION);
      }
    }
    if (storedBytes > device.storageBytes()) {
      violations.add(Constraint.STORAGE);
    }
    if (peakRam > device.ramBytes()) {
      violations.add(Constraint.RAM);
    }
    if (storedBytes > device.constraints().maxModelBytes()) {
      violations.add(Constraint.MODEL_BYTES);
    }
    if (latency * 1e3 > device.constraints().latencyBudgetMs()) {
      violations.add(Constraint.LATENCY);
    }
    return new CostEstimate(device.id(), batch, model.weightPrecisions(), storedBytes, denseMacs, macs, bytesMoved, latency, energy, peakRam,
        device.efficiencyFitted(), violations, costs);
  }

  private static LayerCost weighted(LayerFootprint layer, Precision activations, DeviceProfile device, int batch) {
    Precision kernel = KernelPrecision.resolve(device, Precision.of(layer.encoding()), activations);
    LayerStorage stored = StorageSize.smallest(layer.sparsity(), layer.encoding(), device.storageFormats(), device.csrIndexBits());
    boolean skipsZeros = device.sparseCompute() && stored.format() != StorageFormat.DENSE;
    long weightBytes;
    if (device.unpacksWeights()) {
      WeightSparsity dense = WeightSparsity.dense(layer.sparsity().rows(), layer.sparsity().rowLength());
      weightBytes = StorageSize.of(dense, atKernelWidth(layer.encoding(), kernel), StorageFormat.DENSE, device.csrIndexBits()).totalBytes();
    } else if (skipsZeros) {
      weightBytes = stored.totalBytes();
    } else {
      weightBytes = layer.storage(StorageFormat.DENSE, device.csrIndexBits()).totalBytes();
    }
    long denseMacs = layer.denseMacs() * batch;
    long macs = (skipsZeros ? layer.sparseMacs() : layer.denseMacs()) * batch;
    long activationBytes = activationBytes(layer.layer().inputValues(), layer.layer().outputValues(), kernel) * batch;
    String kind = layer.layer() instanceof Layer.Conv ? "conv" : "dense";
    // Activations stored in another format than the kernel's are converted on the way in (on the
    // host: PyTorch's quantize-dequantize); pooling passes them through unconverted.
    long converted = activations.equals(kernel) ? 0 : layer.layer().inputValues() * batch;
    double conversion = device.conversion(activations, kernel).seconds(converted);
    return cost(layer.name(), kind, kernel, stored, denseMacs, macs, weightBytes, activationBytes, converted, conversion, device);
  }

  /** The encoding weights take once a runtime has converted them to the kernel's precision. */
  static WeightFormat atKernelWidth(WeightFormat stored, Precision kernel) {
    if (kernel.isFloat()) {
      return new WeightEncoding(kernel, null, false);
    }
    return stored.atIntegerWidth(kernel.bits());
  }

  private static LayerCost pool(String name, Layer.MaxPool pool, Precision activations, DeviceProfile device, int batch) {
    Precision kernel = KernelPrecision.resolve(device, activations, activations);
    long in = (long) pool.channels() * pool.inHeight() * pool.inWidth();
    long out = (long) pool.channels() * pool.outHeight() * pool.outWidth();
    long activationBytes = activationBytes(in, out, kernel) * batch;
    return cost(name, "maxpool", kernel, null, 0, 0, 0, activationBytes, 0, 0, device);
  }

  /** Average pooling or a residual add: reads its input(s) and writes its output, no weights, no MACs counted. */
  private static LayerCost passThrough(String name, String kind, Layer layer, Precision activations, DeviceProfile device, int batch) {
    Precision kernel = KernelPrecision.resolve(device, activations, activations);
    long activationBytes = activationBytes(ActivationLifetimes.inputValues(layer), ActivationLifetimes.outputValues(layer), kernel) * batch;
    return cost(name, kind, kernel, null, 0, 0, 0, activationBytes, 0, 0, device);
  }

  private static LayerCost cost(String name, String kind, Precision kernel, LayerStorage stored, long denseMacs, long macs,
      long weightBytes, long activationBytes, long convertedValues, double conversionSeconds, DeviceProfile device) {
    double speed = device.relativeSpeed(kind);
    double compute = macs / (device.effectiveMacsPerSecond(kernel) * speed);
    double memory = (weightBytes + activationBytes) / (device.effectiveBandwidth() * speed);
    double energy = macs * device.joulesPerMac().get(kernel) + (weightBytes + activationBytes) * device.joulesPerByte();
    return new LayerCost(name, kind, kernel, stored, denseMacs, macs, weightBytes, activationBytes, compute, memory,
        device.overheadSeconds(kind), convertedValues, conversionSeconds, energy);
  }

  /** Bytes of one example's input and output activations at the kernel's width, each tensor rounded up to whole bytes. */
  static long activationBytes(long inputValues, long outputValues, Precision kernel) {
    return StorageSize.bytes(inputValues * kernel.bits()) + StorageSize.bytes(outputValues * kernel.bits());
  }
}
