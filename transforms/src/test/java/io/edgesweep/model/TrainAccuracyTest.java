package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainAccuracyTest {
  /** The count libtorch's own ops give, which the epoch reports used before. */
  private static long byLibtorch(NDArray logits, NDArray labels) {
    return logits.argMax(1).eq(labels).sum().getLong();
  }

  @Test
  void countsWhatLibtorchsArgMaxCountsWithTiesAndNaN() {
    float nan = Float.NaN;
    float[] logits = {
      1, 3, 3, 0, // tie: the first maximum (1)
      nan, 5, 2, 1, // NaN first: it is the maximum (0)
      2, nan, nan, 9, // the first NaN (1)
      -1, -1, -1, -1, // all equal (0)
      0, 0, 0, 7, // plain (3)
    };
    long[][] labelSets = {{1, 0, 1, 0, 3}, {2, 1, 2, 3, 3}, {0, 0, 0, 0, 0}};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray scores = m.create(logits, new Shape(5, 4));
      for (long[] labels : labelSets) {
        NDArray y = m.create(labels);
        assertThat(TrainAccuracy.correct(scores, y)).isEqualTo(byLibtorch(scores, y));
      }
      assertThat(TrainAccuracy.correct(scores, m.create(labelSets[0]))).isEqualTo(5);
      assertThat(TrainAccuracy.correct(scores, m.create(labelSets[1]))).isEqualTo(1);
    }
  }

  @Test
  void agreesWithLibtorchOnRandomBatchesWithRepeatedValues() {
    Random random = new Random(11);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int round = 0; round < 20; round++) {
        float[] logits = new float[128 * 10];
        for (int i = 0; i < logits.length; i++) {
          logits[i] = random.nextInt(4); // few distinct values: many ties
        }
        long[] labels = new long[128];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = random.nextInt(10);
        }
        NDArray scores = m.create(logits, new Shape(128, 10));
        NDArray y = m.create(labels);
        assertThat(TrainAccuracy.correct(scores, y)).isEqualTo(byLibtorch(scores, y));
      }
    }
  }
}
