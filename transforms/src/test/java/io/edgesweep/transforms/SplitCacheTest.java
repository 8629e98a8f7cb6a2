package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitCacheTest {
  @Test
  void theWorkersTakeTheSplitThePlanHandedOverAndTheLatestReplacesAnOlderOne() {
    Path file = TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini/test.parquet");
    // Another spelling of the same file: the cache keys by the normalized absolute path.
    Path other = file.getParent().resolve("../fashion-mnist-mini/test.parquet");
    ImageDataset first = ParquetImageDatasets.read(file);
    ImageDataset second = first.withProvenance(Map.of("read", "again"));
    SplitCache.offer(file, first);
    assertThat(SplitCache.get(other)).isSameAs(first);
    SplitCache.offer(other, second);
    assertThat(SplitCache.get(file)).isSameAs(second);
  }
}
