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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataChecksAheadTest {
  private static final Path ROOT = TestData.repositoryRoot();

  @TempDir
  Path dir;

  /** The demo spec, copied next to data of its own (relative paths resolve from the spec's folder). */
  private Path spec(Path data) throws Exception {
    String yaml = Files.readString(ROOT.resolve("sweeps/demo.yaml")).replace("data: ../datasets/fashion-mnist-mini", "data: " + data)
        .replace("../device-profiles/", ROOT.resolve("device-profiles") + "/");
    Path file = dir.resolve("demo.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private Path copyOfMini() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String name : DatasetSplits.ALL) {
      Files.copy(ROOT.resolve("datasets/fashion-mnist-mini/" + name + ".parquet"), data.resolve(name + ".parquet"));
    }
    return data;
  }

  @Test
  void givesThePlanWhatItWouldHaveComputed() throws Exception {
    Path data = copyOfMini();
    String store = dir.resolve("runs/artifacts").toString();
    assertThat(DataChecksAhead.take(new DatasetSplits(data), store)).isEmpty();

    DataChecksAhead.start(spec(data), dir.resolve("runs").toString(), null, false);
    DataChecksAhead.Result ahead = DataChecksAhead.take(new DatasetSplits(data), store).orElseThrow();
    assertThat(ahead).isEqualTo(DataChecksAhead.check(new DatasetSplits(data), store, false));
    assertThat(ahead.header().rows()).isEqualTo(ParquetImageDatasets.readHeader(data.resolve("train.parquet")).rows());
    // Taken once: the next plan computes its own.
    assertThat(DataChecksAhead.take(new DatasetSplits(data), store)).isEmpty();
  }

  @Test
  void isNotUsedForOtherSplitsOrAnotherStore() throws Exception {
    Path data = copyOfMini();
    DataChecksAhead.start(spec(data), dir.resolve("runs").toString(), null, false);
    assertThat(DataChecksAhead.take(new DatasetSplits(data), dir.resolve("elsewhere").toString())).isEmpty();
    DataChecksAhead.start(spec(data), dir.resolve("runs").toString(), null, false);
    assertThat(DataChecksAhead.take(new DatasetSplits(ROOT.resolve("datasets/fashion-mnist-mini")), dir.resolve("runs/artifacts").toString()))
        .isEmpty();
  }

  @Test
  void isNotUsedWhenASplitFileChangedSince() throws Exception {
    Path data = copyOfMini();
    DataChecksAhead.start(spec(data), dir.resolve("runs").toString(), null, false);
    Thread.sleep(1500); // the checks end, then the file changes (a later modification time)
    Files.copy(data.resolve("test.parquet"), data.resolve("validation.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(DataChecksAhead.take(new DatasetSplits(data), dir.resolve("runs/artifacts").toString())).isEmpty();
  }

  @Test
  void reportsABadSplitWhereThePlanTakesTheResult() throws Exception {
    Path data = copyOfMini();
    ImageDataset test = ParquetImageDatasets.read(data.resolve("test.parquet"));
    Files.delete(data.resolve("calibration.parquet"));
    ParquetImageDatasets.write(new ImageDataset(test.shape(), test.classNames(), new byte[0], new int[0], test.provenance()),
        data.resolve("calibration.parquet"));
    DataChecksAhead.start(spec(data), dir.resolve("runs").toString(), null, false);
    assertThatThrownBy(() -> DataChecksAhead.take(new DatasetSplits(data), dir.resolve("runs/artifacts").toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("calibration.parquet")
        .hasMessageContaining("the calibration split has no examples");
  }

  @Test
  void aSpecThatDoesNotLoadLeavesNothingToTake() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "name: [unclosed\n");
    DataChecksAhead.start(broken, dir.resolve("runs").toString(), null, false);
    assertThat(DataChecksAhead.take(new DatasetSplits(copyOfMini()), dir.resolve("runs/artifacts").toString())).isEmpty();
  }
}
