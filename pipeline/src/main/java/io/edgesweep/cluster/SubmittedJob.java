package io.edgesweep.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.beam.sdk.PipelineResult;

/**
 * A job that a {@link ClusterSubmission} handed to a Flink cluster: its id, how long the
 * submission took, and the means to follow it to its end.
 */
public final class SubmittedJob {
  private static final Duration POLL = Duration.ofSeconds(1);
  /** A JobManager busy with a restart may miss a poll or two; only this long a silence ends the wait. */
  private static final Duration SILENCE = Duration.ofSeconds(60);

  private final FlinkRest rest;
  private final String jobId;
  private final String name;
  private final Duration submitTime;
  private final String staged;
  private final PipelineResult result;

  SubmittedJob(FlinkRest rest, String jobId, String name, Duration submitTime, String staged, PipelineResult result) {
    this.rest = rest;
    this.jobId = jobId;
    this.name = name;
    this.submitTime = submitTime;
    this.staged = staged;
    this.result = result;
  }

  public String jobId() {
    return jobId;
  }

  public String name() {
    return name;
  }

  /** From the start of staging to the JobManager accepting the job (jar built, uploaded, job graph sent). */
  public Duration submitTime() {
    return submitTime;
  }

  /** What was staged, e.g. "thin job jar (412 classes, 431 KB)". */
  public String staged() {
    return staged;
  }

  /** The job's page in the web UI. */
  public URI webPage() {
    return URI.create(rest.base() + "#/job/running/" + jobId + "/overview");
  }

  /**
   * Waits until the job has finished, reporting its state and finished tasks whenever they change.
   *
   * @return the Beam result, for the job's metrics (counters of the stages, for instance)
   * @throws ClusterJobFailedException if the job failed or was cancelled; the message carries the cause
   * @throws ClusterException if it is still running after {@code timeout}, or the JobManager stops answering
   */
  public PipelineResult waitUntilFinish(Duration timeout, Consumer<FlinkRest.JobSummary> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    FlinkRest.JobSummary last = null;
    long silentSince = -1;
    while (true) {
      FlinkRest.JobSummary now;
      try {
        now = rest.job(jobId);
        silentSince = -1;
      } catch (ClusterUnreachableException e) {
        if (silentSince < 0) {
          silentSince = System.nanoTime();
        }
        if (System.nanoTime() - silentSince > SILENCE.toNanos()) {
          throw new ClusterException("lost contact with the JobManager while job " + name + " (" + jobId + ") ran: "
              + e.getMessage() + " for " + SILENCE.toSeconds() + " s", e);
        }
        pause();
        continue;
      }
      if (last == null || !now.state().equals(last.state()) || now.tasksFinished() != last.tasksFinished()) {
        progress.accept(now);
        last = now;
      }
      switch (now.state()) {
        case "FINISHED":
          return result;
        case "FAILED":
        case "CANCELED":
          throw new ClusterJobFailedException(name, jobId, now.state(), rest.rootException(jobId),
              URI.create(rest.base() + "#/job/completed/" + jobId + "/exceptions"));
        default:
          break;
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterException("job " + name + " (" + jobId + ") is still " + now.state() + " after "
            + timeout.toSeconds() + " s; it keeps running on the cluster, see " + webPage());
      }
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while waiting for job " + jobId, e);
    }
  }
}
