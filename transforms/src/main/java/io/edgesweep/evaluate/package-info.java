/**
 * What a variant is worth on a device: accuracy with its confidence interval, bytes in each
 * storage format, and the cost model's latency, energy and peak memory per device profile.
 *
 * <p>Lives here: {@link io.edgesweep.evaluate.DeviceProfile} and its YAML loader, the size
 * arithmetic ({@link io.edgesweep.evaluate.StorageSize}), the model description the cost model
 * reads ({@link io.edgesweep.evaluate.ModelFootprint}), the cost model itself ({@link
 * io.edgesweep.evaluate.CostModel}), {@link io.edgesweep.evaluate.AccuracyEstimate}, and the arithmetic
 * of checking the cost model against measured latency: {@link io.edgesweep.evaluate.LatencySamples},
 * {@link io.edgesweep.evaluate.EfficiencyFit} and {@link io.edgesweep.evaluate.HostProfileFile},
 * which writes a fitted profile back into its YAML. The timing itself runs models, so it lives in
 * {@code io.edgesweep.measure}.
 *
 * <p>Must not live here: running a model (that is {@code model}), changing one (that is {@code
 * compress}), choosing between variants (that is {@code select}), and anything that knows about
 * Beam or DJL: every class here is plain Java arithmetic that a unit test can check by hand. The
 * formulas and their assumptions are written out in {@code docs/cost-model.md}.
 */
package io.edgesweep.evaluate;
