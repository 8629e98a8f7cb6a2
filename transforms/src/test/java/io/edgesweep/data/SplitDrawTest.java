package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitDrawTest {
  /** 200 images of 2 pixels that hold their own index, 3 classes of 100, 60 and 40. */
  private static ImageDataset pool() {
    int n = 200;
    byte[] pixels = new byte[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      pixels[2 * i] = (byte) (i / 256);
      pixels[2 * i + 1] = (byte) (i % 256);
      labels[i] = i < 100 ? 0 : i < 160 ? 1 : 2;
    }
    return new ImageDataset(new ImageShape(1, 1, 2), List.of("a", "b", "c"), pixels, labels, Map.of());
  }

  private static Set<Integer> ids(ImageDataset d) {
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      ids.add((d.pixels()[2 * i] & 0xFF) * 256 + (d.pixels()[2 * i + 1] & 0xFF));
    }
    return ids;
  }

  @Test
  void theSplitsAreStratifiedDisjointAndSeeded() {
    Map<String, ImageDataset> splits = SplitDraw.DEFAULT.draw("pool", pool(), null, 7, Map.of("seed", "7"));
    ImageDataset train = splits.get(DatasetSplits.TRAIN);
    ImageDataset validation = splits.get(DatasetSplits.VALIDATION);
    ImageDataset calibration = splits.get(DatasetSplits.CALIBRATION);
    ImageDataset test = splits.get(DatasetSplits.TEST);
    assertThat(test.classCounts()).containsExactly(10, 6, 4);
    assertThat(validation.classCounts()).containsExactly(10, 6, 4);
    assertThat(train.classCounts()).containsExactly(80, 48, 32);
    assertThat(calibration.classCounts()).containsExactly(8, 5, 3);
    Set<Integer> all = new HashSet<>(ids(train));
    all.addAll(ids(validation));
    all.addAll(ids(test));
    assertThat(all).hasSize(200);
    assertThat(ids(train)).containsAll(ids(calibration));
    assertThat(test.provenance()).containsEntry("seed", "7").containsKey("split");
    Map<String, ImageDataset> again = SplitDraw.DEFAULT.draw("pool", pool(), null, 7, Map.of());
    assertThat(again.get(DatasetSplits.VALIDATION)).isEqualTo(validation);
    Map<String, ImageDataset> other = SplitDraw.DEFAULT.draw("pool", pool(), null, 8, Map.of());
    assertThat(other.get(DatasetSplits.VALIDATION)).isNotEqualTo(validation);
  }

  @Test
  void aGivenTestSetIsKeptWholeAndMustMatchTheClasses() {
    ImageDataset given = pool().subset(new int[] {0, 150, 199}, Map.of());
    Map<String, ImageDataset> splits = SplitDraw.DEFAULT.draw("pool", pool(), given, 7, Map.of());
    assertThat(splits.get(DatasetSplits.TEST)).isEqualTo(given);
    assertThat(splits.get(DatasetSplits.TRAIN).size() + splits.get(DatasetSplits.VALIDATION).size()).isEqualTo(200);
    ImageDataset otherClasses = new ImageDataset(new ImageShape(1, 1, 2), List.of("a", "b"), new byte[2], new int[] {0}, Map.of());
    assertThatThrownBy(() -> SplitDraw.DEFAULT.draw("pool", pool(), otherClasses, 7, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("test set").hasMessageContaining("[a, b]");
  }

  @Test
  void tooFewImagesAreNamed() {
    ImageDataset tiny = pool().subset(new int[] {0, 1, 150, 199}, Map.of());
    assertThatThrownBy(() -> SplitDraw.DEFAULT.draw("tiny-folder", tiny, null, 7, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tiny-folder").hasMessageContaining("too few");
  }
}
