/**
 * A local Flink session cluster for sweeps, and submitting Beam jobs to any Flink 1.19 cluster.
 *
 * <p>{@link io.edgesweep.cluster.LocalCluster} starts a JobManager and TaskManagers as plain JVMs
 * on the project's dependency class path with {@code flink-conf/}, records exactly which processes
 * it started, and stops only those. {@link io.edgesweep.cluster.ClusterSubmission} submits a Beam
 * pipeline through the FlinkRunner to a JobManager's REST address, staging a
 * {@link io.edgesweep.cluster.JobJar} of edgesweep's own classes only, because the TaskManagers
 * already hold Beam, DJL and PyTorch. {@link io.edgesweep.cluster.PyTorchCheck} is the small job
 * that proves a cluster can run edgesweep's models.
 *
 * <p>Nothing here knows what a sweep computes: the sweep builds its pipeline and hands it over.
 * Nothing here calls {@code System.exit} or prints; the command line decides what the user reads.
 */
package io.edgesweep.cluster;
