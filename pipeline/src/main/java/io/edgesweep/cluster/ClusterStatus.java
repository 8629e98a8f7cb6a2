package io.edgesweep.cluster;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What {@code cluster status} shows: the recorded processes and whether each still runs, and what
 * the JobManager's REST API says about TaskManagers, slots and running jobs.
 *
 * @param overview null when the REST API did not answer; {@code restProblem} then says why
 */
public record ClusterStatus(
    URI webUi,
    Map<ClusterProcess, Boolean> processes,
    FlinkRest.Overview overview,
    List<FlinkRest.TaskManagerInfo> taskManagers,
    List<FlinkRest.JobSummary> runningJobs,
    String restProblem) {}
