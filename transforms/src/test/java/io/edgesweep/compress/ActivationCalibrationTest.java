package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration ranges computed by hand on a model small enough to follow: each layer's range comes
 * from the calibration images' pass alone (not from the zeros a model is built with), and the
 * extremes found in libtorch are those of the values.
 */
class ActivationCalibrationTest {
  private static final Architecture ARCH = Architecture.parse("mlp:4-3-2");

  /** Three 2×2 images; as the model sees them (byte / 255): [0, .2, .4, 1], [1, .8, .6, 0], [.2, .2, .2, .2]. */
  private static ImageDataset images() {
    byte[] pixels = {0, 51, 102, (byte) 255, (byte) 255, (byte) 204, (byte) 153, 0, 51, 51, 51, 51};
    return new ImageDataset(new ImageShape(1, 2, 2), List.of("a", "b"), pixels, new int[] {0, 1, 0}, Map.of());
  }

  /**
   * fc1: h0 = x0, h1 = x1 − x2, h2 = (x0 + x1 + x2 + x3) / 2 − 0.5, then ReLU: the hidden inputs of
   * fc2 are [0, 0, .3], [1, .2, .7], [.2, 0, 0].
   */
  private static ParameterSet parameters() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("fc1.weight", new Tensor(new int[] {3, 4}, new float[] {1, 0, 0, 0, 0, 1, -1, 0, .5f, .5f, .5f, .5f}));
    p.put("fc1.bias", new Tensor(new int[] {3}, new float[] {0, 0, -.5f}));
    p.put("fc2.weight", new Tensor(new int[] {2, 3}, new float[] {1, 1, 1, -1, -1, -1}));
    p.put("fc2.bias", new Tensor(new int[] {2}, new float[] {0, 0}));
    return new ParameterSet(p);
  }

  private static float[] pixelsSeen() {
    float[] seen = new float[12];
    byte[] pixels = images().pixels();
    for (int i = 0; i < seen.length; i++) {
      seen[i] = (pixels[i] & 0xff) / 255f;
    }
    return seen;
  }

  private static double percentile(float[] values, double p) {
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    return ActivationCalibration.percentile(sorted, p);
  }

  @Test
  void percentileRangesAreThoseOfTheCalibrationValuesAlone() {
    ActivationQuantization q = ActivationCalibration.calibrate(ARCH, parameters(), images(),
        ActivationSettings.integer(8, ActivationSettings.Calibration.percentile(75)));
    // fc1 sees the 12 pixel values: sorted 0 0 .2 .2 .2 .2 .2 .4 .6 .8 1 1, P75 at position 8.25 = .65.
    // Had the model's build-time pass on a row of zeros been counted, 4 more zeros would make it .45.
    ActivationQuantization.Range fc1 = q.inputs().get("fc1");
    assertThat(fc1.max()).isEqualTo(percentile(pixelsSeen(), 75)).isCloseTo(0.65, within(1e-6));
    assertThat(fc1.min()).isEqualTo(0.0);
    // fc2 sees 0 0 0 0 .2 .2 .3 .7 1: P75 at position 6 = .3 (with 3 zeros more: .225).
    ActivationQuantization.Range fc2 = q.inputs().get("fc2");
    assertThat(fc2.max()).isCloseTo(0.3, within(1e-6));
    assertThat(fc2.min()).isEqualTo(0.0);
    assertThat(fc2.scale()).isCloseTo((float) (0.3 / 255), within(1e-8f));
  }

  @Test
  void minMaxRangesAreTheExtremesSeen() {
    ActivationQuantization q = ActivationCalibration.calibrate(ARCH, parameters(), images(), ActivationSettings.int8());
    assertThat(q.inputs().get("fc1").min()).isEqualTo(0.0);
    assertThat(q.inputs().get("fc1").max()).isEqualTo(1.0);
    assertThat(q.inputs().get("fc1").scale()).isEqualTo(1f / 255);
    assertThat(q.inputs().get("fc2").max()).isEqualTo(1.0);
    assertThat(Double.doubleToRawLongBits(q.inputs().get("fc2").min())).as("a positive zero").isZero();
  }

  @Test
  void aNegativeZeroWidensToThePositiveOne() {
    ActivationQuantization.Range r = ActivationCalibration.range(-0.0, 2.55, 8);
    assertThat(Double.doubleToRawLongBits(r.min())).isZero();
    assertThat(r.zeroPoint()).isZero();
    assertThat(r.scale()).isEqualTo((float) (2.55 / 255));
    // All values at or below zero: the top of the grid is the positive zero too.
    assertThat(Double.doubleToRawLongBits(ActivationCalibration.range(-1.0, -0.0, 8).max())).isZero();
  }
}
