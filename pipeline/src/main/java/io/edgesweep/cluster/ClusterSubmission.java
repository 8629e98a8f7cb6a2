package io.edgesweep.cluster;

import io.edgesweep.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Submits Beam pipelines through the FlinkRunner to one running Flink cluster, given by the
 * JobManager's REST address ({@code --flink-master host:port}).
 *
 * <p>{@link #connect} asks the REST API first and fails within seconds when nothing answers, before
 * the caller has written anything; Flink's own client would retry for a minute or more. A
 * submission is detached: {@link #submit} returns as soon as the JobManager has accepted the job,
 * which is what {@link SubmittedJob#submitTime()} measures, and {@link SubmittedJob} follows it.
 */
public final class ClusterSubmission {
  private final String host;
  private final int port;
  private final FlinkRest rest;
  private final FlinkRest.Overview overview;

  private ClusterSubmission(String host, int port, FlinkRest rest, FlinkRest.Overview overview) {
    this.host = host;
    this.port = port;
    this.rest = rest;
    this.overview = overview;
  }

  /**
   * Checks that a Flink JobManager answers at {@code flinkMaster} ({@code host:port} of its REST API)
   * and has TaskManagers to run on.
   *
   * @throws InvalidInputException if {@code flinkMaster} is not {@code host:port}
   * @throws ClusterUnreachableException if nothing answers there within a few seconds
   */
  public static ClusterSubmission connect(String flinkMaster) {
    String value = flinkMaster == null ? "" : flinkMaster.trim();
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new InvalidInputException("--flink-master", value, "must be host:port of a JobManager's REST API, e.g. localhost:8081");
    }
    String host = value.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--flink-master", value, "the port is not a number", e);
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException("--flink-master", value, "the port must be between 1 and 65535");
    }
    FlinkRest rest = FlinkRest.of(host, port);
    FlinkRest.Overview overview = rest.overview();
    if (overview.slotsTotal() == 0) {
      throw new ClusterException("the Flink cluster at " + rest.base() + " has no TaskManagers registered"
          + " (start some, e.g. edgesweep cluster add-taskmanager)");
    }
    return new ClusterSubmission(host, port, rest, overview);
  }

  public String flinkMaster() {
    return host + ":" + port;
  }

  public URI webUi() {
    return rest.base();
  }

  public FlinkRest rest() {
    return rest;
  }

  /** Task slots the cluster had when connected: the default parallelism of a submitted job. */
  public int slotsTotal() {
    return overview.slotsTotal();
  }

  /**
   * Points {@code options} at this cluster with {@code filesToStage}: FlinkRunner, this master,
   * detached submission, a parallelism of all slots (unless one is set), blocking exchanges, and
   * no defensive copies between chained operators ({@code fasterCopy}).
   *
   * <p>Blocking exchanges ({@code executionModeForBatch=BATCH_FORCED}) make every stage of a batch
   * pipeline its own failover region: when a TaskManager dies, Flink reruns the tasks it lost and
   * what they need, not the whole job (config.yaml sets {@code failover-strategy: region}).
   */
  public FlinkPipelineOptions configure(PipelineOptions options, List<Path> filesToStage) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setRunner(FlinkRunner.class);
    flink.setFlinkMaster(flinkMaster());
    flink.setAttachedMode(false);
    if (flink.getParallelism() == null || flink.getParallelism() <= 0) {
      flink.setParallelism(overview.slotsTotal());
    }
    flink.setExecutionModeForBatch("BATCH_FORCED");
    // Beam's model forbids DoFns to change their inputs, so the defensive copies between chained
    // operators buy nothing; without this the runner warns on every submission.
    flink.setFasterCopy(true);
    flink.setFilesToStage(filesToStage.stream().map(p -> p.toAbsolutePath().toString()).toList());
    return flink;
  }

  /**
   * Stages, submits and returns once the JobManager has accepted the job; the pipeline's options
   * are {@linkplain #configure configured} for this cluster first.
   */
  public SubmittedJob submit(Pipeline pipeline, Staging staging) {
    long begin = System.nanoTime();
    try {
      FlinkPipelineOptions options = configure(pipeline.getOptions(), staging.prepare());
      String stagedDescription = staging.describe();
      PipelineResult result = pipeline.run();
      Duration submitTime = Duration.ofNanos(System.nanoTime() - begin);
      String jobName = options.getJobName();
      FlinkRest.JobSummary job = rest.jobs().stream()
          .filter(j -> j.name().equals(jobName))
          .findFirst()
          .orElseThrow(() -> new ClusterException("the JobManager at " + rest.base() + " accepted job " + jobName
              + " but does not list it"));
      return new SubmittedJob(rest, job.id(), jobName, submitTime, stagedDescription, result);
    } catch (ClusterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ClusterException("submitting to the Flink cluster at " + rest.base() + " failed: " + rootMessage(e), e);
    } finally {
      staging.cleanUp();
    }
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
