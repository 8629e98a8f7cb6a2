package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.transforms.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The store entries that the run folders under some folders still use, read from their run.json.
 *
 * <p>A run is matched to the store by the store's identity (so a moved or copied store is still
 * recognised) or by its path. A run written before runs listed their entries, one that cannot be
 * read, or no run at all using the store makes the set unknown: {@code store gc} then deletes no
 * complete entry, since it cannot tell which ones are needed.
 *
 * @param entries kind/key of every entry a run uses, or null when unknown
 * @param runs how many run folders use this store
 * @param unknown run folders whose entries are unknown, each with why
 */
public record RunReferences(Set<String> entries, int runs, List<String> unknown) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static RunReferences of(ArtifactStore store, List<Path> runFolders) throws IOException {
    Path storeFolder = ArtifactStore.localPath(store.root());
    Path storeReal = storeFolder == null ? null : OutputLocations.real(storeFolder);
    String storeId = store.id();
    Set<String> entries = new HashSet<>();
    List<String> unknown = new ArrayList<>();
    int runs = 0;
    for (Path folder : runFolders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      List<Path> children;
      try (Stream<Path> list = Files.list(folder)) {
        children = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
      }
      for (Path run : children) {
        Path summary = run.resolve(SweepJob.SUMMARY);
        if (!Files.isRegularFile(summary)) {
          continue;
        }
        JsonNode json;
        try {
          json = JSON.readTree(summary.toFile());
        } catch (IOException e) {
          unknown.add(summary + ": not readable JSON");
          continue;
        }
        String root = json.path("artifact_store").asText("");
        String id = json.path(StoreReferences.STORE_ID).asText("");
        boolean same = storeId != null && storeId.equals(id) || root.equals(store.root())
            || (storeReal != null && ArtifactStore.localPath(root) != null && OutputLocations.real(ArtifactStore.localPath(root)).equals(storeReal));
        if (!same) {
          continue;
        }
        runs++;
        JsonNode list = json.path(StoreReferences.FIELD);
        if (!list.isArray()) {
          unknown.add(summary + ": written before runs listed their store entries (run that sweep again to list them)");
          continue;
        }
        list.forEach(e -> entries.add(e.asText()));
      }
    }
    if (runs == 0) {
      // A store that no run folder here uses was probably given with the wrong --runs: keep it all.
      unknown.add("no run folder under " + runFolders + " uses this store (pass the folders of its runs with --runs)");
    }
    return new RunReferences(unknown.isEmpty() ? entries : null, runs, unknown);
  }
}
