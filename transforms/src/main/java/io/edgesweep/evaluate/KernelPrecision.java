package io.edgesweep.evaluate;

/**
 * The precision a device's kernels run a layer at, given how its weights and activations are stored.
 *
 * <p>Rules, in order (the cost model's documented assumption, {@code docs/cost-model.md}):
 *
 * <ol>
 *   <li>integer weights and integer activations run on the narrowest integer kernel the device
 *       has that is at least as wide as both (int4 weights with int8 activations run as int8);
 *   <li>otherwise, fp16 activations run at fp16 where the device computes fp16;
 *   <li>everything else runs at fp32, integer weights being dequantized on the fly.
 * </ol>
 *
 * <p>Activations are held in memory at the kernel's width: an int8 kernel reads and writes 8-bit
 * activations, an fp32 kernel 32-bit ones.
 */
public final class KernelPrecision {
  private KernelPrecision() {}

  /** The precision a layer runs at on this device. */
  public static Precision resolve(DeviceProfile device, Precision weights, Precision activations) {
    if (weights.isInteger() && activations.isInteger()) {
      int needed = Math.max(weights.bits(), activations.bits());
      for (Precision p : device.computePrecisions()) {
        if (p.isInteger() && p.bits() >= needed) {
          return p;
        }
      }
      return Precision.FP32;
    }
    if (activations.equals(Precision.FP16) && device.computePrecisions().contains(Precision.FP16)) {
      return Precision.FP16;
    }
    return Precision.FP32;
  }
}
