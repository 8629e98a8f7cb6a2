package io.edgesweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of a JobManager's REST API that starting, checking and following a cluster need.
 *
 * <p>Plain HTTP with short timeouts rather than Flink's {@code RestClusterClient}: that client retries
 * an unreachable address for a minute or more, and "is anybody there" must be answered in seconds.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration requestTimeout;

  /** A client for the REST API at {@code base} (e.g. {@code http://localhost:8081/}). */
  public FlinkRest(URI base, Duration connectTimeout, Duration requestTimeout) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  /** A client for the JobManager at {@code host:port} with timeouts fit for an interactive command. */
  public static FlinkRest of(String host, int port) {
    return new FlinkRest(URI.create("http://" + host + ":" + port + "/"), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  public URI base() {
    return base;
  }

  /** Cluster totals: TaskManagers, slots (total and free), jobs by state; see {@link Overview}. */
  public Overview overview() {
    JsonNode o = getJson("overview");
    return new Overview(o.path("taskmanagers").asInt(), o.path("slots-total").asInt(), o.path("slots-available").asInt(),
        o.path("jobs-running").asInt(), o.path("flink-version").asText());
  }

  /** The TaskManagers registered with the JobManager, by the resource id each was started with. */
  public List<TaskManagerInfo> taskManagers() {
    List<TaskManagerInfo> out = new ArrayList<>();
    for (JsonNode tm : getJson("taskmanagers").path("taskmanagers")) {
      out.add(new TaskManagerInfo(tm.path("id").asText(), tm.path("slotsNumber").asInt(), tm.path("freeSlots").asInt(),
          tm.path("timeSinceLastHeartbeat").asLong()));
      // Despite its name, Flink fills timeSinceLastHeartbeat with the time of the last heartbeat (epoch ms).
    }
    return out;
  }

  /** Every job the JobManager knows, running or finished, newest first as Flink lists them. */
  public List<JobSummary> jobs() {
    List<JobSummary> out = new ArrayList<>();
    for (JsonNode job : getJson("jobs/overview").path("jobs")) {
      out.add(summary(job));
    }
    return out;
  }

  /** One job's state and how many of its tasks are done. */
  public JobSummary job(String jobId) {
    return summary(getJson("jobs/" + jobId));
  }

  /** The exception that failed a job, as Flink's web UI shows it under "Exceptions", or "" if none. */
  public String rootException(String jobId) {
    JsonNode exceptions = getJson("jobs/" + jobId + "/exceptions");
    JsonNode history = exceptions.path("exceptionHistory").path("entries");
    if (history.isArray() && history.size() > 0) {
      return history.get(0).path("stacktrace").asText("");
    }
    return exceptions.path("root-exception").asText("");
  }

  /** The web UI's start page; a JobManager without flink-runtime-web answers 404 here. */
  public String dashboardHtml() {
    HttpResponse<String> response = send("");
    if (response.statusCode() != 200) {
      throw new ClusterException("the web UI at " + base + " answered HTTP " + response.statusCode()
          + " (is flink-runtime-web on the JobManager's class path?)");
    }
    return response.body();
  }

  JsonNode getJson(String path) {
    HttpResponse<String> response = send(path);
    if (response.statusCode() != 200) {
      throw new ClusterException("GET " + base.resolve(path) + " answered HTTP " + response.statusCode() + ": "
          + abbreviate(response.body()));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ClusterException("GET " + base.resolve(path) + " did not answer JSON: " + abbreviate(response.body()), e);
    }
  }

  private HttpResponse<String> send(String path) {
    URI uri = base.resolve(path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new ClusterUnreachableException(base, "no connection within " + seconds(e), e);
    } catch (ConnectException e) {
      throw new ClusterUnreachableException(base, "connection refused", e);
    } catch (HttpTimeoutException e) {
      throw new ClusterUnreachableException(base, "no answer within " + requestTimeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new ClusterUnreachableException(base, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while calling " + uri, e);
    }
  }

  private String seconds(Exception e) {
    return http.connectTimeout().map(d -> d.toSeconds() + " s").orElse("the timeout");
  }

  private static JobSummary summary(JsonNode job) {
    String id = job.has("jid") ? job.path("jid").asText() : job.path("jobId").asText();
    JsonNode tasks = job.path("tasks");
    int total;
    int finished;
    if (tasks.isObject() && tasks.has("total")) {
      total = tasks.path("total").asInt();
      finished = tasks.path("finished").asInt();
    } else {
      total = 0;
      finished = 0;
      for (JsonNode vertex : job.path("vertices")) {
        total += vertex.path("parallelism").asInt();
        finished += vertex.path("tasks").path("FINISHED").asInt();
      }
    }
    return new JobSummary(id, job.path("name").asText(), job.path("state").asText(), finished, total,
        job.path("duration").asLong());
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  /** Cluster totals from {@code GET /overview}. */
  public record Overview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning, String flinkVersion) {}

  /** One registered TaskManager from {@code GET /taskmanagers}. */
  public record TaskManagerInfo(String id, int slots, int freeSlots, long lastHeartbeatEpochMillis) {}

  /** A job's state and progress; {@code state} is Flink's (RUNNING, FINISHED, FAILED, ...). */
  public record JobSummary(String id, String name, String state, int tasksFinished, int tasksTotal, long durationMillis) {
    public boolean isTerminal() {
      return state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED");
    }
  }
}
