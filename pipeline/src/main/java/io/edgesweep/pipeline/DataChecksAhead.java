package io.edgesweep.pipeline;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.SplitCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The plan's reading of the data (the splits' hashes, then every record of the splits the store
 * does not remember as checked), started on a second thread before Beam's options are built.
 *
 * <p>Why: Beam builds its options registry on the first options call (every registrar on the
 * class path, each options interface checked by reflection), 0.8-0.9 s on one core here, and the
 * plan needs the options; its data checks (0.8 s on the full Fashion-MNIST from an empty store)
 * need only the spec and the output folders, which the command line already gives. So the sweep
 * command starts them first and {@link SweepPlan#prepare} takes the result where it would have
 * computed it, the same values in the same order of checks: the spec, the output folders and
 * the device profiles are still checked first (their errors come first), and a failure of the
 * data is reported there as before. Nothing is written: the checks read the splits and look up
 * the store.
 */
public final class DataChecksAhead {
  /** The splits' hashes, those the store remembers as checked, and the train split's header. */
  record Result(DataFingerprint data, Set<String> passed, ParquetImageDatasets.Header header) {}

  /**
   * What the thread found: for which splits (and their files' sizes and times before it read
   * them) and store, and their result or failure; no folder when the spec did not load.
   */
  private record Ahead(Path dataFolder, List<String> files, String storeRoot, Result result, RuntimeException failure) {}

  private static volatile CompletableFuture<Ahead> started;

  private DataChecksAhead() {}

  /**
   * Starts the checks of the spec's data on a daemon thread; a spec or output folder that cannot
   * be read leaves no result (the plan reads them again and says what is wrong).
   *
   * @param jobRunsHere whether the job will run in this process, which then takes the splits the
   *     checks read from memory ({@link SplitCache})
   */
  public static void start(Path specFile, String out, String artifactRoot, boolean jobRunsHere) {
    CompletableFuture<Ahead> ahead = new CompletableFuture<>();
    started = ahead;
    Thread t = new Thread(() -> {
      try {
        ahead.complete(run(specFile, out, artifactRoot, jobRunsHere));
      } finally {
        // Whatever went wrong here (an Error too), the plan must not wait for ever: it then checks itself.
        ahead.complete(new Ahead(null, null, null, null, null));
      }
    }, "edgesweep-data-checks");
    t.setDaemon(true);
    t.start();
  }

  private static Ahead run(Path specFile, String out, String artifactRoot, boolean jobRunsHere) {
    DatasetSplits splits;
    String storeRoot;
    try {
      SweepSpec spec = SweepSpecLoader.load(specFile);
      storeRoot = OutputLocations.of(spec.file(), spec.name(), out, artifactRoot).storeRoot();
      splits = new DatasetSplits(spec.data());
    } catch (RuntimeException e) {
      return new Ahead(null, null, null, null, null);
    }
    List<String> files = files(splits);
    try {
      return new Ahead(folder(splits), files, storeRoot, check(splits, storeRoot, jobRunsHere), null);
    } catch (RuntimeException e) {
      return new Ahead(folder(splits), files, storeRoot, null, e);
    }
  }

  /** The checks as the plan runs them when nothing was started ahead. */
  static Result check(DatasetSplits splits, String storeRoot, boolean jobRunsHere) {
    DataFingerprint data = DataFingerprint.of(splits);
    Set<String> passed = SplitChecks.remembered(new ArtifactStore(storeRoot), data);
    ParquetImageDatasets.Header header = SplitChecks.check(splits, data, passed, jobRunsHere ? SplitCache::offer : null);
    return new Result(data, passed, header);
  }

  /**
   * The result of checks started ahead for these splits and this store, waiting for them to end,
   * or empty when none were started for them or a split file changed since. A failure of the
   * checks is thrown as they threw it.
   */
  static Optional<Result> take(DatasetSplits splits, String storeRoot) {
    CompletableFuture<Ahead> ahead = started;
    if (ahead == null) {
      return Optional.empty();
    }
    started = null;
    Ahead a = ahead.join();
    if (a.dataFolder() == null || !a.dataFolder().equals(folder(splits)) || !a.storeRoot().equals(storeRoot)
        || !a.files().equals(files(splits))) {
      return Optional.empty();
    }
    if (a.failure() != null) {
      throw a.failure();
    }
    return Optional.of(a.result());
  }

  /** Each split file's size and modification time, or that it is missing. */
  private static List<String> files(DatasetSplits splits) {
    List<String> out = new ArrayList<>();
    for (String name : DatasetSplits.ALL) {
      Path file = splits.split(name);
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        out.add(name + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey());
      } catch (IOException e) {
        out.add(name + " missing");
      }
    }
    return out;
  }

  private static Path folder(DatasetSplits splits) {
    return splits.train().toAbsolutePath().normalize().getParent();
  }
}
