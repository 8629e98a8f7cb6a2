package io.edgesweep.transforms;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * What {@code edgesweep store gc} removes from a store: entries no run refers to, incomplete
 * entries, orphaned temporary files and quarantined entries.
 *
 * <p>Only what is older than a minimum age is touched, because a sweep running right now writes
 * entries that no finished run refers to yet and temporaries that are not orphans. When some run
 * folder does not list the entries it used (it was written before runs recorded them), no entry
 * counts as unreferenced: the store cannot tell which ones that run needs.
 *
 * @param removals what to delete, grouped by what it is (an entry, a temporary file), each with why
 */
public record StoreCleanup(Map<String, Removal> removals) {
  /** One thing to delete: its files, their total size and why it goes. */
  public record Removal(List<ResourceId> files, long bytes, String reason) {}

  /**
   * @param referenced every kind/key a run folder refers to, or null when that is not known
   * @param minimumAge leave alone whatever changed more recently than this
   */
  public static StoreCleanup plan(ArtifactStore store, StoreInspection inspection, Set<String> referenced, Duration minimumAge, Instant now)
      throws IOException {
    long before = now.minus(minimumAge).toEpochMilli();
    Map<String, Removal> removals = new LinkedHashMap<>();
    if (referenced != null) {
      List<String> complete = new ArrayList<>(inspection.intact());
      complete.addAll(inspection.corrupt().keySet());
      for (String entry : complete) {
        List<MatchResult.Metadata> files = inspection.allFiles().getOrDefault(entry, List.of());
        if (!referenced.contains(entry) && newest(files) < before) {
          removals.put(entry, removal(files, "no run refers to it"));
        }
      }
    }
    inspection.incomplete().forEach((entry, files) -> {
      if (newest(files) < before) {
        removals.put(entry, removal(files, "incomplete (no _COMPLETE marker)"));
      }
    });
    for (MatchResult.Metadata m : inspection.temporaries()) {
      if (m.lastModifiedMillis() < before) {
        removals.put(m.resourceId().toString(), removal(List.of(m), "temporary file of a write that did not finish"));
      }
    }
    MatchResult quarantined = FileSystems.match(store.root() + "/" + ArtifactStore.QUARANTINE + "/*/*/*", EmptyMatchTreatment.ALLOW);
    if (quarantined.status() == MatchResult.Status.OK) {
      Map<String, List<MatchResult.Metadata>> byEntry = new LinkedHashMap<>();
      for (MatchResult.Metadata m : quarantined.metadata()) {
        List<String> tail = ArtifactStore.tail(m.resourceId().toString(), 3);
        byEntry.computeIfAbsent(ArtifactStore.QUARANTINE + "/" + tail.get(0) + "/" + tail.get(1), k -> new ArrayList<>()).add(m);
      }
      byEntry.forEach((entry, files) -> {
        if (newest(files) < before) {
          removals.put(entry, removal(files, "quarantined corrupt entry"));
        }
      });
    }
    return new StoreCleanup(removals);
  }

  public long bytes() {
    return removals.values().stream().mapToLong(Removal::bytes).sum();
  }

  /** Deletes everything planned. */
  public void apply(ArtifactStore store) throws IOException {
    for (Removal removal : removals.values()) {
      store.delete(removal.files());
    }
  }

  private static Removal removal(List<MatchResult.Metadata> files, String reason) {
    // The marker first: an entry half deleted is then incomplete, never trusted.
    return new Removal(files.stream().map(MatchResult.Metadata::resourceId)
        .sorted(java.util.Comparator.comparing((ResourceId r) -> !ArtifactStore.COMPLETE.equals(r.getFilename()))).toList(),
        files.stream().mapToLong(MatchResult.Metadata::sizeBytes).sum(), reason);
  }

  private static long newest(List<MatchResult.Metadata> files) {
    return files.stream().mapToLong(MatchResult.Metadata::lastModifiedMillis).max().orElse(0);
  }
}
