package io.edgesweep.transforms;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What an artifact store holds and what state each part is in: intact entries, corrupt ones
 * (bytes that no longer match their hashes, or no hashes to check), incomplete ones (files
 * without a marker: a write that died or is still running) and orphaned temporary files.
 *
 * <p>{@code edgesweep store verify} prints it; {@code store gc} decides from it what to delete.
 *
 * @param intact complete entries whose files match their marker, as kind/key
 * @param corrupt entries that must not be used, as kind/key, with what is wrong
 * @param incomplete files of entries without a marker, by kind/key
 * @param temporaries files left by writes that did not finish
 */
public record StoreInspection(
    List<String> intact, Map<String, CorruptEntryException> corrupt, Map<String, List<MatchResult.Metadata>> incomplete,
    Map<String, List<MatchResult.Metadata>> allFiles, List<MatchResult.Metadata> temporaries) {

  /** Reads and checks every entry of the store (every byte of it: this takes as long as reading the store). */
  public static StoreInspection of(ArtifactStore store) throws IOException {
    Set<String> complete = new LinkedHashSet<>(store.entries());
    Map<String, List<MatchResult.Metadata>> files = new LinkedHashMap<>();
    List<MatchResult.Metadata> temporaries = new ArrayList<>();
    for (MatchResult.Metadata m : store.entryFiles()) {
      List<String> tail = ArtifactStore.tail(m.resourceId().toString(), 3);
      if (tail.get(2).contains(ArtifactStore.TEMPORARY)) {
        temporaries.add(m);
      } else {
        files.computeIfAbsent(tail.get(0) + "/" + tail.get(1), k -> new ArrayList<>()).add(m);
      }
    }
    List<String> intact = new ArrayList<>();
    Map<String, CorruptEntryException> corrupt = new LinkedHashMap<>();
    for (String entry : complete) {
      String[] kindKey = entry.split("/", 2);
      try {
        store.check(kindKey[0], kindKey[1]);
        intact.add(entry);
      } catch (CorruptEntryException e) {
        corrupt.put(entry, e);
      } catch (FileNotFoundException e) {
        // Removed since it was listed (a concurrent gc or quarantine): nothing to report.
      }
    }
    Map<String, List<MatchResult.Metadata>> incomplete = new LinkedHashMap<>();
    files.forEach((entry, list) -> {
      if (!complete.contains(entry)) {
        incomplete.put(entry, list);
      }
    });
    return new StoreInspection(intact, corrupt, incomplete, files, temporaries);
  }

  /** Whether anything in the store is corrupt (incomplete entries and temporaries are harmless). */
  public boolean hasCorruption() {
    return !corrupt.isEmpty();
  }

  /** One line per problem, after a summary line; what {@code store verify} prints. */
  public List<String> describe(String root) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("artifact store %s: %d entries intact, %d corrupt, %d incomplete, %d orphaned temporary files",
        root, intact.size(), corrupt.size(), incomplete.size(), temporaries.size()));
    corrupt.forEach((entry, e) -> lines.add("corrupt     " + entry + ": " + e.problem()));
    incomplete.forEach((entry, list) -> lines.add("incomplete  " + entry + ": " + list.size()
        + " files without a _COMPLETE marker (a write that died, or one still running); never used, store gc removes it"));
    for (MatchResult.Metadata m : temporaries) {
      lines.add("temporary   " + m.resourceId() + " (" + m.sizeBytes() + " bytes; store gc removes it)");
    }
    return lines;
  }
}
