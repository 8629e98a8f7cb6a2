package io.edgesweep.pipeline;

import io.edgesweep.cluster.ClusterSubmission;
import io.edgesweep.cluster.FlinkRest;
import io.edgesweep.cluster.Staging;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * A Flink cluster to run the sweep on, and what to stage for it.
 *
 * <p>The job is submitted attached: the client stays until the job ends, so the stage counters
 * come back through Flink's accumulators as they do on the embedded runner, and a job restarted
 * after a TaskManager loss is simply waited for. A watcher reports when the JobManager has
 * accepted the job (the submit time) and where its web page is.
 */
public final class ClusterTarget {
  private final ClusterSubmission cluster;
  private final Staging staging;

  public ClusterTarget(ClusterSubmission cluster, Staging staging) {
    this.cluster = cluster;
    this.staging = staging;
  }

  public ClusterSubmission cluster() {
    return cluster;
  }

  PipelineResult run(Pipeline pipeline, Consumer<String> log) {
    long begin = System.nanoTime();
    try {
      FlinkPipelineOptions options = cluster.configure(pipeline.getOptions(), staging.prepare());
      options.setAttachedMode(true);
      log.accept("staging " + staging.describe() + " for " + cluster.flinkMaster());
      AtomicBoolean done = new AtomicBoolean();
      Thread watcher = new Thread(() -> watchSubmission(options.getJobName(), begin, done, log), "edgesweep-submission");
      watcher.setDaemon(true);
      watcher.start();
      try {
        return pipeline.run();
      } finally {
        done.set(true);
        watcher.interrupt();
      }
    } finally {
      staging.cleanUp();
    }
  }

  private void watchSubmission(String jobName, long begin, AtomicBoolean done, Consumer<String> log) {
    while (!done.get()) {
      try {
        for (FlinkRest.JobSummary job : cluster.rest().jobs()) {
          if (job.name().equals(jobName)) {
            log.accept(String.format("submitted in %.1f s as job %s; web UI: %s#/job/running/%s/overview",
                Duration.ofNanos(System.nanoTime() - begin).toMillis() / 1000.0, job.id(), cluster.webUi(), job.id()));
            return;
          }
        }
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The REST API is only asked for the submit time; the job's own outcome decides.
      }
    }
  }
}
