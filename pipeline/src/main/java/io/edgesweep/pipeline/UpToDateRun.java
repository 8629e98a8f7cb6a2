package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.transforms.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the published run folder already holds what a sweep would write, so that re-running a
 * finished sweep takes seconds: no job, no exports, no report.
 *
 * <p>A run records the hash of its inputs ({@value #FIELD} in run.json): every store entry of its
 * stage tree (whose keys carry the data's, the teacher's and every stage setting's hashes), the
 * spec file, the device profiles as the spec applies them, the runner settings results depend on,
 * where data and store are, and this build of edgesweep (its class files' names, sizes and times).
 * It also lists the SHA-256 of every file it wrote ({@value #SUMS}, in {@code sha256sum} format).
 * A run is up to date when the inputs hash is the same, every listed file still has its hash, and
 * every store entry it refers to is intact (a corrupt one makes the sweep run, which quarantines
 * and recomputes it). Anything else runs the sweep as usual.
 */
public final class UpToDateRun {
  /** The run.json field with the hash of the run's inputs. */
  public static final String FIELD = "inputs_sha256";
  /** The run folder's file listing the SHA-256 of every other file, as {@code sha256sum} writes it. */
  public static final String SUMS = "SHA256SUMS";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORMAT = "edgesweep-run-inputs/1";

  private UpToDateRun() {}

  /** The hash of everything the run's results depend on. */
  public static String inputs(SweepPlan plan, SweepOptions options) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("format", FORMAT);
    in.put("build", build());
    try {
      in.put("spec_sha256", ModelArtifact.sha256(Files.readAllBytes(Path.of(plan.spec().file()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    in.put("data", plan.settings().dataFolder());
    in.put("data_sha256", plan.data().all());
    in.put("store", plan.settings().storeRoot());
    in.put("store_id", plan.settings().store().id());
    in.put("run_folder", plan.runFolder().toAbsolutePath().toString());
    in.put("devices", plan.devices().toString());
    in.put("entries", StoreReferences.of(plan));
    in.put("runner", options.getRunner().getSimpleName());
    in.put("parallelism", options.getParallelism());
    in.put("djl_threads", plan.settings().threads());
    in.put("evaluation_batch_size", plan.settings().evaluationBatchSize());
    try {
      return ModelArtifact.sha256(JSON.writeValueAsBytes(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lists every file of a finished run folder with its SHA-256 (before it is published). */
  public static void writeSums(Path folder) throws IOException {
    StringBuilder sums = new StringBuilder();
    for (Path file : files(folder)) {
      sums.append(ModelArtifact.sha256(Files.readAllBytes(file))).append("  ").append(folder.relativize(file)).append('\n');
    }
    Files.writeString(folder.resolve(SUMS), sums.toString(), StandardCharsets.UTF_8);
  }

  /**
   * The published run folder when it holds this plan's results, intact; empty otherwise.
   *
   * @param inputs {@link #inputs} of the plan
   */
  public static Optional<Path> find(SweepPlan plan, String inputs) {
    return find(plan, inputs, java.util.Set.of());
  }

  /** As {@link #find(SweepPlan, String)}, without checking again the store entries in {@code checked}. */
  static Optional<Path> find(SweepPlan plan, String inputs, java.util.Set<String> checked) {
    Path run = plan.runFolder();
    try {
      Path summary = run.resolve(SweepJob.SUMMARY);
      Path sums = run.resolve(SUMS);
      if (!Files.isRegularFile(summary) || !Files.isRegularFile(sums)) {
        return Optional.empty();
      }
      JsonNode json = JSON.readTree(summary.toFile());
      if (!inputs.equals(json.path(FIELD).asText())) {
        return Optional.empty();
      }
      List<String> listed = new ArrayList<>();
      for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
        String sha = line.substring(0, 64);
        String name = line.substring(66);
        Path file = run.resolve(name);
        if (!Files.isRegularFile(file) || !sha.equals(ModelArtifact.sha256(Files.readAllBytes(file)))) {
          return Optional.empty();
        }
        listed.add(name);
      }
      if (listed.size() != files(run).size() - 1) {
        return Optional.empty();
      }
      ArtifactStore store = plan.settings().store();
      List<String> entries = new ArrayList<>();
      json.path(StoreReferences.FIELD).forEach(e -> entries.add(e.asText()));
      entries.removeAll(checked);
      // Hashing is most of the check: on every core (the common pool), each entry on its own.
      boolean intact = entries.parallelStream().allMatch(entry -> intact(store, entry));
      return intact ? Optional.of(run) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Anything missing, changed or unreadable: the sweep runs and puts it right.
      return Optional.empty();
    }
  }

  /** Whether a store entry (kind/key) is there and matches its hashes. */
  static boolean intact(ArtifactStore store, String entry) {
    String[] kindKey = entry.split("/", 2);
    try {
      store.check(kindKey[0], kindKey[1]);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder.toRealPath())) {
      Path real = folder.toRealPath();
      return walk.filter(Files::isRegularFile).map(p -> folder.resolve(real.relativize(p).toString())).sorted().toList();
    }
  }

  /** This build of edgesweep: the names, sizes and times of its class files (or its jars). */
  static String build() {
    return CheckedFiles.build();
  }

  /**
   * As {@link #find(SweepPlan, String)}, and when the run is up to date, records the statuses of
   * what was checked ({@link CheckedFiles}) so that the next run of the same command can tell
   * without hashing.
   *
   * @param record where the record goes, or null for none
   * @param inputs the plan's inputs' statuses ({@link CheckedFiles#inputs}), or null
   * @param planned when the plan started reading them ({@link CheckedFiles#now})
   */
  static Optional<Path> findAndRecord(SweepPlan plan, String inputsSha256, Path record, Map<Path, CheckedFiles.Status> inputs,
      long planned) {
    return findAndRecord(plan, inputsSha256, record, inputs, planned, Map.of());
  }

  /**
   * As above, where the store entries in {@code proven} were checked already
   * ({@link CheckedFiles#proveEntries}, while the run folder was being finished).
   */
  static Optional<Path> findAndRecord(SweepPlan plan, String inputsSha256, Path record, Map<Path, CheckedFiles.Status> inputs,
      long planned, Map<String, String> proven) {
    List<Optional<Path>> found = new ArrayList<>();
    if (record != null) {
      try {
        CheckedFiles.record(record, inputs, planned, plan.runFolder(), plan.settings().storeRoot(), storeEntries(plan.runFolder()),
            proven, checked -> {
              found.add(find(plan, inputsSha256, checked));
              return found.get(0).isPresent();
            });
      } catch (IOException | RuntimeException e) {
        // No record: the next run checks the full way again.
      }
    }
    return found.isEmpty() ? find(plan, inputsSha256) : found.get(0);
  }

  /** The store entries a published run lists in run.json. */
  private static List<String> storeEntries(Path run) throws IOException {
    List<String> entries = new ArrayList<>();
    JSON.readTree(run.resolve(SweepJob.SUMMARY).toFile()).path(StoreReferences.FIELD).forEach(e -> entries.add(e.asText()));
    return entries;
  }
}
