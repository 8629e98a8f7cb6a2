package io.edgesweep.pipeline;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StageKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reads every record of every split before a job starts, so that a bad split fails in seconds
 * rather than after the grid has trained.
 *
 * <p>Each split must hold at least one example (an empty train split would publish an untrained
 * student; an empty validation split has no accuracy), every record must have a label among the
 * classes and a payload of the image's size, and all splits must agree on image shape and classes.
 */
public final class SplitChecks {
  private SplitChecks() {}

  /** Checks all four splits; returns the train split's header. */
  public static ParquetImageDatasets.Header check(DatasetSplits splits) {
    return check(splits, null, Set.of(), null);
  }

  /** Receives each split the checks read whole (see {@link #check(DatasetSplits, DataFingerprint, Set, Loaded)}). */
  @FunctionalInterface
  public interface Loaded {
    void split(Path file, ImageDataset split);
  }

  /**
   * Checks all four splits, reading only the header of a split whose exact bytes passed before.
   *
   * <p>The splits are read side by side, one per core; a failure is reported for the first failing
   * split in {@link DatasetSplits#ALL}'s order, as when they were read one after the other.
   *
   * @param data the splits' hashes, in {@link DatasetSplits#ALL}'s order (null: read every record)
   * @param passed the SHA-256 of split files that passed these checks (remembered in the store, see
   *     {@link #remembered}): the checks depend on nothing but the file's bytes
   * @param loaded null to stream the records and keep nothing; otherwise each checked split is read
   *     whole and handed to it (the job will read it in this process, {@code SplitCache})
   */
  public static ParquetImageDatasets.Header check(DatasetSplits splits, DataFingerprint data, Set<String> passed, Loaded loaded) {
    splits.requireAll();
    List<Supplier<ParquetImageDatasets.Header>> reads = new ArrayList<>();
    for (int i = 0; i < DatasetSplits.ALL.size(); i++) {
      String name = DatasetSplits.ALL.get(i);
      boolean known = data != null && passed.contains(data.all().get(i));
      String sha256 = data != null ? data.all().get(i) : null;
      reads.add(() -> known ? headerOnly(splits, name) : checkOne(splits, name, sha256, loaded));
    }
    List<ParquetImageDatasets.Header> headers = readAll(reads);
    ParquetImageDatasets.Header train = null;
    for (int i = 0; i < DatasetSplits.ALL.size(); i++) {
      String name = DatasetSplits.ALL.get(i);
      ParquetImageDatasets.Header header = headers.get(i);
      if (train == null) {
        train = header;
      } else {
        String source = splits.split(name).toString();
        if (!header.shape().equals(train.shape())) {
          throw new InvalidInputException(source, "metadata " + ParquetImageDatasets.SHAPE_KEY, "image shape " + header.shape()
              + " differs from the train split's " + train.shape());
        }
        if (!header.classNames().equals(train.classNames())) {
          throw new InvalidInputException(source, "metadata " + ParquetImageDatasets.CLASSES_KEY, "classes " + header.classNames()
              + " differ from the train split's " + train.classNames());
        }
      }
    }
    return train;
  }

  /** The store kind that remembers split files that passed, by their SHA-256. */
  static final String PASSED = "split-checks";

  /** The store key that says a split file with these bytes passed. */
  static String key(String sha256) {
    return StageKey.of(sha256, PASSED, Map.of("checks", "records-labels-shapes/1"));
  }

  /** Which of the sweep's split files passed these checks before, as the store remembers. */
  static Set<String> remembered(ArtifactStore store, DataFingerprint data) {
    Set<String> passed = new HashSet<>();
    for (String sha : data.all()) {
      if (store.find(PASSED, key(sha)) != null) {
        passed.add(sha);
      }
    }
    return passed;
  }

  /** Remembers that the sweep's split files passed (they did: the sweep got past its checks). */
  static void remember(ArtifactStore store, DataFingerprint data, Set<String> already) throws java.io.IOException {
    for (String sha : data.all()) {
      if (!already.contains(sha)) {
        store.put(PASSED, key(sha), Map.of("passed.json", ("{\"sha256\":\"" + sha + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
  }

  private static ParquetImageDatasets.Header headerOnly(DatasetSplits splits, String name) {
    try (ParquetImageDatasets.RecordStream stream = ParquetImageDatasets.stream(splits.split(name))) {
      return stream.header();
    } catch (IOException e) {
      throw new InvalidInputException(splits.split(name).toString(), null, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Runs the reads on up to one thread per core and returns their results in order, or the first failure in order. */
  static List<ParquetImageDatasets.Header> readAll(List<Supplier<ParquetImageDatasets.Header>> reads) {
    int threads = Math.min(reads.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      return reads.stream().map(Supplier::get).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "edgesweep-split-check");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ParquetImageDatasets.Header>> futures = new ArrayList<>();
      for (Supplier<ParquetImageDatasets.Header> read : reads) {
        futures.add(pool.submit(read::get));
      }
      List<ParquetImageDatasets.Header> headers = new ArrayList<>();
      for (Future<ParquetImageDatasets.Header> f : futures) {
        try {
          headers.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while checking the splits", e);
        }
      }
      return headers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** @param sha256 the file's hash when the caller computed it already (null: unknown) */
  private static ParquetImageDatasets.Header checkOne(DatasetSplits splits, String name, String sha256, Loaded loaded) {
    if (loaded != null) {
      Path file = splits.split(name);
      ImageDataset split = ParquetImageDatasets.read(file, sha256);
      if (split.size() == 0) {
        throw new InvalidInputException(file.toString(), null, "the " + name + " split has no examples; " + why(name));
      }
      loaded.split(file, split);
      return ParquetImageDatasets.readHeader(file);
    }
    String source = splits.split(name).toString();
    long rows = 0;
    try (ParquetImageDatasets.RecordStream stream = ParquetImageDatasets.stream(splits.split(name))) {
      byte[] pixels = new byte[stream.header().shape().pixelCount()];
      while (stream.next(pixels) >= 0) {
        rows++;
      }
      if (rows == 0) {
        throw new InvalidInputException(source, null, "the " + name + " split has no examples; " + why(name));
      }
      return stream.header();
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private static String why(String name) {
    return switch (name) {
      case DatasetSplits.TRAIN -> "training needs at least one";
      case DatasetSplits.VALIDATION -> "every variant's accuracy is measured on it";
      case DatasetSplits.CALIBRATION -> "quantization ranges are calibrated on it";
      default -> "picked models are measured on it";
    };
  }
}
