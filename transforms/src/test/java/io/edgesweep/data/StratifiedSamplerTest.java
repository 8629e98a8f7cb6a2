package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import org.junit.jupiter.api.Test;

class StratifiedSamplerTest {
  @Test
  void quotasFollowClassSharesAndAddUpExactly() {
    // 60/30/10 of 100, draw 7: exact shares 4.2, 2.1, 0.7 -> floors 4, 2, 0; the one left goes to
    // the largest remainder (0.7, class 2).
    assertThat(StratifiedSampler.quotas(new int[] {60, 30, 10}, 100, 7)).containsExactly(4, 2, 1);
  }

  @Test
  void sampleAndRestPartitionTheIndicesAndKeepClassBalance() {
    int[] labels = new int[1000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    StratifiedSampler.Split split = StratifiedSampler.sample(labels, 10, 100, 42);
    assertThat(split.chosen()).hasSize(100).isSorted();
    assertThat(split.rest()).hasSize(900).isSorted();
    int[] perClass = new int[10];
    for (int i : split.chosen()) {
      perClass[labels[i]]++;
    }
    assertThat(perClass).containsOnly(10);
    assertThat(StratifiedSampler.sample(labels, 10, 100, 42).chosen()).containsExactly(split.chosen());
  }

  @Test
  void theShippedMiniDatasetHasTheAdvertisedSizesAndIsBalanced() {
    DatasetSplits mini = TestData.mini().requireAll();
    int[][] expected = {{6000, 600}, {1000, 100}, {500, 50}, {1000, 100}};
    String[] names = {DatasetSplits.TRAIN, DatasetSplits.VALIDATION, DatasetSplits.CALIBRATION, DatasetSplits.TEST};
    for (int s = 0; s < names.length; s++) {
      ImageDataset split = ParquetImageDatasets.read(mini.split(names[s]));
      assertThat(split.size()).as(names[s]).isEqualTo(expected[s][0]);
      assertThat(split.classCounts()).as(names[s]).containsOnly(expected[s][1]);
      assertThat(split.shape()).isEqualTo(new ImageShape(1, 28, 28));
    }
  }
}
