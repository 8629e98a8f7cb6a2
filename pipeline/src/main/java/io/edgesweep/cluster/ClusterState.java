package io.edgesweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cluster start} recorded in {@code <work dir>/cluster.json}: the ports, the
 * configuration folder and every process it started, so that later commands ({@code status},
 * {@code add-taskmanager}, {@code stop}) act on exactly that cluster.
 *
 * <p>Written atomically after every change, so a reader never sees half a list of processes.
 */
public record ClusterState(Path workDir, Path confDir, int restPort, int rpcPort, List<ClusterProcess> processes) {
  static final String FILE_NAME = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ClusterState {
    processes = List.copyOf(processes);
  }

  static Path file(Path workDir) {
    return workDir.resolve(FILE_NAME);
  }

  /** The state recorded in {@code workDir}, or empty when no cluster was started there (or it was stopped). */
  static Optional<ClusterState> read(Path workDir) {
    Path file = file(workDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<ClusterProcess> processes = new ArrayList<>();
      for (JsonNode p : root.path("processes")) {
        processes.add(new ClusterProcess(p.path("name").asText(), p.path("pid").asLong(),
            Instant.parse(p.path("startedAt").asText()), Path.of(p.path("logFile").asText())));
      }
      return Optional.of(new ClusterState(workDir, Path.of(root.path("confDir").asText()),
          root.path("restPort").asInt(), root.path("rpcPort").asInt(), processes));
    } catch (IOException | RuntimeException e) {
      throw new ClusterException("cannot read the cluster state " + file + ": " + e.getMessage()
          + " (if no cluster runs from " + workDir + ", delete the file)", e);
    }
  }

  void write() {
    ObjectNode root = JSON.createObjectNode();
    root.put("confDir", confDir.toString());
    root.put("restPort", restPort);
    root.put("rpcPort", rpcPort);
    ArrayNode list = root.putArray("processes");
    for (ClusterProcess p : processes) {
      list.addObject()
          .put("name", p.name())
          .put("pid", p.pid())
          .put("startedAt", p.startedAt().toString())
          .put("logFile", p.logFile().toString());
    }
    try {
      AtomicFiles.writeFile(file(workDir), tmp -> JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root));
    } catch (IOException e) {
      throw new ClusterException("cannot write the cluster state " + file(workDir) + ": " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(file(workDir));
    } catch (IOException e) {
      throw new ClusterException("cannot delete the cluster state " + file(workDir) + ": " + e.getMessage(), e);
    }
  }

  ClusterState with(ClusterProcess added) {
    List<ClusterProcess> all = new ArrayList<>(processes);
    all.add(added);
    return new ClusterState(workDir, confDir, restPort, rpcPort, all);
  }

  ClusterState without(ClusterProcess removed) {
    List<ClusterProcess> rest = new ArrayList<>(processes);
    rest.remove(removed);
    return new ClusterState(workDir, confDir, restPort, rpcPort, rest);
  }

  Optional<ClusterProcess> process(String name) {
    return processes.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
