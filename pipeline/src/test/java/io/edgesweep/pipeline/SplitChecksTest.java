package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitChecksTest {
  private static final Path MINI = TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini");

  @TempDir
  Path dir;

  @Test
  void handsOverEverySplitAsTheWorkersWouldReadIt() {
    DatasetSplits splits = new DatasetSplits(MINI);
    Map<Path, ImageDataset> loaded = new LinkedHashMap<>();
    // With the splits' hashes known (as the plan has them): each split's provenance must carry its own file's hash.
    ParquetImageDatasets.Header train = SplitChecks.check(splits, DataFingerprint.of(splits), Set.of(), (file, split) -> {
      synchronized (loaded) {
        loaded.put(file, split);
      }
    });
    assertThat(loaded).hasSize(4);
    for (String name : DatasetSplits.ALL) {
      Path file = splits.split(name);
      ImageDataset read = ParquetImageDatasets.read(file);
      assertThat(loaded.get(file)).isEqualTo(read);
      assertThat(loaded.get(file).provenance()).isEqualTo(read.provenance());
    }
    assertThat(train.rows()).isEqualTo(loaded.get(splits.train()).size());
    assertThat(train).isEqualTo(SplitChecks.check(splits));
  }

  @Test
  void reportsTheFirstBadSplitInOrderWhenSeveralAreBad() throws Exception {
    for (String name : DatasetSplits.ALL) {
      Files.copy(MINI.resolve(name + ".parquet"), dir.resolve(name + ".parquet"));
    }
    ImageDataset test = ParquetImageDatasets.read(MINI.resolve("test.parquet"));
    ImageDataset empty = new ImageDataset(test.shape(), test.classNames(), new byte[0], new int[0], test.provenance());
    // Validation (second in order) and test (last) are both empty; the error must name validation
    // whichever read ends first, with or without a sink.
    for (String name : new String[] {DatasetSplits.VALIDATION, DatasetSplits.TEST}) {
      Files.delete(dir.resolve(name + ".parquet"));
      ParquetImageDatasets.write(empty, dir.resolve(name + ".parquet"));
    }
    DatasetSplits splits = new DatasetSplits(dir);
    for (SplitChecks.Loaded sink : new SplitChecks.Loaded[] {null, (file, split) -> {}}) {
      assertThatThrownBy(() -> SplitChecks.check(splits, null, Set.of(), sink))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("validation.parquet")
          .hasMessageContaining("the validation split has no examples");
    }
  }

  @Test
  void aFailureIsTheFirstInOrderNotTheFirstInTime() {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return; // one core reads one split after the other: order and time agree
    }
    List<Supplier<ParquetImageDatasets.Header>> reads = List.of(
        () -> {
          sleep(300);
          throw new InvalidInputException("train.parquet", null, "late");
        },
        () -> {
          throw new InvalidInputException("validation.parquet", null, "early");
        });
    assertThatThrownBy(() -> SplitChecks.readAll(reads)).hasMessageContaining("train.parquet").hasMessageContaining("late");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
