/**
 * The sweep job: its spec, its options, the grid expansion into a stage tree, the pipeline's
 * assembly and the client that runs it and moves the finished run folder into place.
 *
 * <p>Everything a sweep checks before it starts is here (the spec, every split's records, where
 * the store and the run folders are and that they do not overlap, free space, flags), so bad input
 * fails on the client in seconds. While the job runs, {@link io.edgesweep.pipeline.RunLog} keeps
 * Flink's and Beam's messages and every trace in a log file. The work itself is in the transforms module; output formats are in report.
 */
package io.edgesweep.pipeline;
