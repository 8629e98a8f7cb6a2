package io.edgesweep.pipeline;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.report.Units;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKinds;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many bytes a sweep will add to the store and write to its run folder, checked against the
 * free space before the job starts.
 *
 * <p>A disk that fills up halfway wastes the hour before it; so the client adds up, for every entry
 * the store does not hold yet, the float32 parameters of its model (quantized models keep
 * dequantized floats), the teacher's logits on the train split, and for the run folder one export
 * per device. It is an upper bound: structured pruning makes models smaller. Only local folders are
 * checked; a remote file system reports no free space here.
 */
public final class StoreGrowth {
  /** Manifest, marker and file-system overhead per entry. */
  static final long ENTRY_OVERHEAD = 8 * 1024;

  private StoreGrowth() {}

  /** Estimated bytes the store grows by and the run folder takes. */
  public record Estimate(long store, long runFolder) {}

  public static Estimate estimate(SweepPlan plan, long trainRows, int classes) throws IOException {
    ArtifactStore store = plan.settings().store();
    List<StoreReferences.Entry> entries = StoreReferences.entries(plan);
    Set<String> present = new HashSet<>();
    for (String kind : entries.stream().map(StoreReferences.Entry::kind).distinct().toList()) {
      for (String key : store.keys(kind)) {
        present.add(kind + "/" + key);
      }
    }
    long teacherBytes = modelBytes(plan.teacherArch(), plan.teacher().modelFolder());
    long bytes = 0;
    long largest = teacherBytes;
    for (StoreReferences.Entry entry : entries) {
      long size = entry.arch() == null ? 0 : entry.arch().equals(plan.teacherArch()) ? teacherBytes : modelBytes(entry.arch(), null);
      largest = Math.max(largest, size);
      if (!present.contains(entry.id())) {
        bytes += (entry.kind().equals(StageKinds.LOGITS) ? trainRows * classes * Float.BYTES : size) + ENTRY_OVERHEAD;
      }
    }
    // Each device's export holds the model twice (safetensors and DJL params) and its bundle.
    long runFolder = plan.devices().size() * 3 * (largest + ENTRY_OVERHEAD) + (long) plan.grid().variants().size() * 4096 + 1024 * 1024;
    return new Estimate(bytes, runFolder);
  }

  /** Fails, naming the folder, when the estimate does not fit in the free space of the store's or the run folders' disk. */
  public static void check(Estimate estimate, Path storeFolder, Path out) throws IOException {
    FileStore outDisk = Files.getFileStore(existing(out));
    FileStore storeDisk = storeFolder == null ? null : Files.getFileStore(existing(storeFolder));
    check(estimate, storeFolder, storeDisk == null ? -1 : storeDisk.getUsableSpace(), out, outDisk.getUsableSpace(),
        storeDisk != null && storeDisk.equals(outDisk));
  }

  /**
   * @param storeFree free bytes on the store's disk, or -1 when the store is not local
   * @param sameDisk whether the store and the run folders share a disk
   */
  static void check(Estimate estimate, Path storeFolder, long storeFree, Path out, long outFree, boolean sameDisk) {
    if (storeFolder != null && storeFree >= 0) {
      require(storeFree, estimate.store() + (sameDisk ? estimate.runFolder() : 0), storeFolder, "--artifact-root", estimate);
    }
    if (!sameDisk) {
      require(outFree, estimate.runFolder(), out, "--out", estimate);
    }
  }

  private static void require(long free, long needed, Path folder, String flag, Estimate estimate) {
    if (needed > free) {
      throw new InvalidInputException(flag, null, folder + " has " + Units.bytes(free) + " free, and this sweep needs about "
          + Units.bytes(needed) + " (" + Units.bytes(estimate.store()) + " of new store entries, " + Units.bytes(estimate.runFolder())
          + " for the run folder); free some space (edgesweep store gc lists what no run needs) or choose another folder");
    }
  }

  private static long modelBytes(String arch, String modelFolder) throws IOException {
    Architecture architecture = Architecture.parse(arch);
    if (architecture.isTorchScript() && modelFolder != null) {
      long size = 0;
      try (var files = Files.list(Path.of(modelFolder))) {
        for (Path f : files.toList()) {
          size += Files.size(f);
        }
      }
      return size;
    }
    long parameters = 0;
    for (Map.Entry<String, int[]> shape : architecture.parameterShapes().entrySet()) {
      long n = 1;
      for (int d : shape.getValue()) {
        n *= d;
      }
      parameters += n;
    }
    return parameters * Float.BYTES;
  }

  private static Path existing(Path path) {
    Path p = path.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? Path.of("/") : p;
  }
}
