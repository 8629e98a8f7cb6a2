package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.model.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LSQ's forward pass, gradients and scale steps on hand-sized tensors, worked by hand. */
class LearnedScalesTest {
  private static final QuantizationSettings TWO_BIT_PER_TENSOR = QuantizationAwareTrainingTest.TWO_BIT_PER_TENSOR;

  /**
   * 2 bits (Q = 1), one scale, w = [0.5, −0.25, 0 (pruned), 0.75, −1.5]. Kept mean |w| = 3 / 4 =
   * 0.75, so s₀ = 2 · 0.75 / √1 = 1.5 and g = 1 / √(4 · 1) = 0.5. v = w / s = [1/3, −1/6, 0, 1/2,
   * −1]: ŵ = [0, 0, 0, 0, −1.5] (1/2 rounds half to even, to 0; −1 is at −Q). ∂ŵ/∂s = round(v) − v
   * inside, −Q at −Q: [−1/3, 1/6, 0, −1/2, −1]. With ∂L/∂ŵ = [1, 2, 3, 4, 5]: Σ = −1/3 + 1/3 − 2 − 5
   * = −7, times g: ∂L/∂s = −3.5. ∂L/∂w is cut at the pruned and the clipped weight: [1, 2, 0, 4, 0].
   * SGD with momentum, rate 0.1 at step 0 of 2 (cosine factor 1): velocity −3.5, s = 1.5 + 0.35 = 1.85.
   */
  @Test
  void oneStepOfLsqByHand() {
    float[] w = {0.5f, -0.25f, 0f, 0.75f, -1.5f};
    LearnedScales lsq = new LearnedScales(Map.of("w", new Tensor(new int[] {1, 5}, w)), TWO_BIT_PER_TENSOR, LearnedScales.Init.MEAN, 0.1, 2);
    assertThat(lsq.scales("w")).containsExactly(1.5f);
    assertThat(lsq.round("w", w)).containsExactly(0f, 0f, 0f, 0f, -1.5f);
    float[] gradient = {1f, 2f, 3f, 4f, 5f};
    lsq.backward("w", w, gradient);
    assertThat(gradient).containsExactly(1f, 2f, 0f, 4f, 0f);
    lsq.step();
    assertThat(lsq.scales("w")[0]).isCloseTo(1.85f, within(1e-6f));

    // Second step, same w and ∂L/∂ŵ, at s = 1.85: every v is inside now (−1.5 / 1.85 = −0.81 rounds
    // to −1). Σ ∂L/∂ŵ·(round(v) − v) = −(0.5 − 0.5 + 3) / 1.85 + 5 · (−1 + 1.5 / 1.85) = −5 + 4.5 / 1.85;
    // times g = 0.5 → −1.2837838. Velocity 0.9 · (−3.5) − 1.2837838 = −4.4337838; the rate at step 1
    // of 2 is 0.1 · (1 + cos(π/2)) / 2 = 0.05: s = 1.85 + 0.05 · 4.4337838 = 2.0716892.
    float[] again = {1f, 2f, 3f, 4f, 5f};
    lsq.backward("w", w, again);
    assertThat(again).containsExactly(1f, 2f, 0f, 4f, 5f);
    lsq.step();
    assertThat((double) lsq.scales("w")[0]).isCloseTo(2.0716892, within(1e-5));
    assertThat(lsq.round("w", w)).containsExactly(0f, 0f, 0f, 0f, -lsq.scales("w")[0]);
  }

  /** ∂ŵ/∂s at the boundaries: −Q at or below −Q, Q at or above Q, round(v) − v between. */
  @Test
  void theStepSizeGradientOfThePaper() {
    int q = 7;
    assertThat(LearnedScales.stepSizeGradient(7f, 1f, q)).isEqualTo(7.0);
    assertThat(LearnedScales.stepSizeGradient(9.3f, 1f, q)).isEqualTo(7.0);
    assertThat(LearnedScales.stepSizeGradient(-7f, 1f, q)).isEqualTo(-7.0);
    assertThat(LearnedScales.stepSizeGradient(-12f, 2f, q)).isEqualTo(0.0); // v = −6: round(v) − v = 0
    assertThat(LearnedScales.stepSizeGradient(2.6f, 2f, q)).isCloseTo(1 - 1.3, within(1e-6)); // v = 1.3
    assertThat(LearnedScales.stepSizeGradient(-1.4f, 2f, q)).isCloseTo(-1 + 0.7, within(1e-6)); // v = −0.7
    assertThat(LearnedScales.inside(6.9f, 1f, q)).isTrue();
    assertThat(LearnedScales.inside(7f, 1f, q)).isFalse();
  }

  /**
   * The fitted start is the least-squares scale of the float weights: for [3, 2, 2, 2] at 2 bits it
   * is 2.25 (worked in QuantizationAwareTrainingTest); the paper's start would be 2 · 9/4 = 4.5,
   * which rounds the three 2s to zero.
   */
  @Test
  void theFittedStartIsTheLeastSquaresScale() {
    float[] w = {3f, 2f, 2f, 2f};
    LearnedScales fitted = new LearnedScales(Map.of("w", new Tensor(new int[] {1, 4}, w)), TWO_BIT_PER_TENSOR, LearnedScales.Init.FITTED, 0.1, 2);
    assertThat(fitted.scales("w")).containsExactly(2.25f);
    LearnedScales mean = new LearnedScales(Map.of("w", new Tensor(new int[] {1, 4}, w)), TWO_BIT_PER_TENSOR, LearnedScales.Init.MEAN, 0.1, 2);
    assertThat(mean.scales("w")).containsExactly(4.5f);
    assertThat(mean.round("w", w)).containsExactly(4.5f, 0f, 0f, 0f);
  }

  /**
   * Per channel at 4 bits (Q = 7): row 0 keeps [0.7, −0.7] of four, s = 2 · 0.7 / √7; row 1 is fully
   * pruned, keeps scale 1 and gets no gradient; N is the kept count of each row.
   */
  @Test
  void perChannelScalesStartFromTheKeptWeightsOfEachRow() {
    QuantizationSettings fourBit = new QuantizationSettings(WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.off());
    float[] w = {0.7f, 0f, -0.7f, 0f, 0f, 0f, 0f, 0f};
    LearnedScales lsq = new LearnedScales(Map.of("w", new Tensor(new int[] {2, 4}, w)), fourBit, LearnedScales.Init.MEAN, 0.1, 10);
    assertThat((double) lsq.scales("w")[0]).isCloseTo(1.4 / Math.sqrt(7), within(1e-6));
    assertThat(lsq.scales("w")[1]).isEqualTo(1f);
    // v = ±0.7 / 0.5292 = ±1.3229: codes ±1, ∂ŵ/∂s = ∓0.3229 each; with ∂L/∂ŵ = [1, ., −1, ...] the sum
    // is −2 · 0.3229, times g = 1 / √(2 · 7); row 1's gradient is 0 whatever ∂L/∂ŵ says.
    float[] gradient = {1f, 9f, -1f, 9f, 9f, 9f, 9f, 9f};
    lsq.backward("w", w, gradient);
    assertThat(gradient).containsExactly(1f, 0f, -1f, 0f, 0f, 0f, 0f, 0f);
    float s0 = lsq.scales("w")[0];
    double v = 0.7f / s0;
    double expected = s0 + 0.1 * 2 * (v - 1) / Math.sqrt(14);
    lsq.step();
    assertThat((double) lsq.scales("w")[0]).isCloseTo(expected, within(1e-6));
    assertThat(lsq.scales("w")[1]).isEqualTo(1f);
  }
}
