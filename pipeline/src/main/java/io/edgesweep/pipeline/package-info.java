/**
 * The sweep job: its spec, its options, the grid expansion into a stage tree, the pipeline's
 * assembly and the client that runs it and moves the finished run folder into place.
 *
 * <p>Everything a sweep checks before it starts is here, so bad input fails on the client in
 * seconds. The work itself is in the transforms module; output formats are in report.
 */
package io.edgesweep.pipeline;
