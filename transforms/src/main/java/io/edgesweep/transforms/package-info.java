/**
 * The sweep's stages as Beam PTransforms, the stage tasks they carry, and the content-addressed
 * artifact store they share.
 *
 * <p>One {@link io.edgesweep.transforms.ApplyStage} per stage kind runs the {@link
 * io.edgesweep.transforms.StageTask} nodes of its level of the stage tree; {@link
 * io.edgesweep.transforms.EvaluateVariants} evaluates the leaves. Neither names a stage kind.
 *
 * <p>Each DoFn only adapts a plain class to Beam: {@link io.edgesweep.transforms.StageRunner}
 * runs one stage for one task (looking in the {@link io.edgesweep.transforms.ArtifactStore}
 * first), {@link io.edgesweep.transforms.DeviceSelections} picks per device. PCollections carry
 * tasks and results (keys, coordinates, metrics), never weights. Nothing here knows about YAML
 * specs, command lines or report formats: those live in the pipeline module.
 *
 * <p>The store checks every entry against the hashes in its marker on every read and quarantines
 * what fails ({@link io.edgesweep.transforms.StoreEntryMarker}); {@link
 * io.edgesweep.transforms.StoreInspection} and {@link io.edgesweep.transforms.StoreCleanup} are
 * what {@code store verify} and {@code store gc} print and do. Stage code calls only {@code
 * contains}, {@code get} and {@code put}.
 */
package io.edgesweep.transforms;
