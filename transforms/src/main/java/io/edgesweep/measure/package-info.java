/**
 * Measures how long variants take on the machine running edgesweep, so that the host profile's
 * cost-model factors can be fitted to measurement instead of assumed.
 *
 * <p>Lives here: timing models in DJL's PyTorch engine ({@link io.edgesweep.measure.LatencyMeter}),
 * the variants timed for the host check ({@link io.edgesweep.measure.HostVariants}), and a
 * description of the machine for provenance ({@link io.edgesweep.measure.MachineDescription}).
 * It sits between {@code evaluate} and {@code select}: it builds variants with {@code compress},
 * runs them with {@code model} and hands timings to the plain arithmetic of {@code evaluate}
 * ({@link io.edgesweep.evaluate.EfficiencyFit}).
 *
 * <p>Must not live here: the fit and the cost model (plain arithmetic, in {@code evaluate}),
 * anything the sweep runs for every variant, and any assertion about speed: timings are printed
 * by {@code edgesweep profile-host}, never checked in unit tests.
 */
package io.edgesweep.measure;
