package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.ClassifierBlocks;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Tensor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuantizationAwareTrainingTest {
  static final QuantizationSettings TWO_BIT_PER_TENSOR = new QuantizationSettings(
      WeightPrecision.ofBits(2), Granularity.PER_TENSOR, QuantizationScheme.SYMMETRIC, ActivationSettings.off());

  /**
   * 2-bit symmetric per tensor: codes -1, 0, 1. Worked by hand: w = [1, -0.375, 0, 0.25] rounds to
   * [1, 0, 0, 0] with scale 1 (the least-squares scale of those codes is 1 again). The optimizer
   * moves the rounded weights by Δ = [-0.5, -0.25, 0.5, 0.125]; the shadow weights take the same Δ,
   * except the pruned one: [0.5, -0.625, 0, 0.375]. Scale max|w| = 0.625 gives codes [1, -1, 0, 1],
   * whose least-squares scale is (0.5 + 0.625 + 0.375) / 3 = 0.5; at 0.5 the codes stay the same.
   */
  @Test
  void theOptimizersStepPassesTheRoundingAndPrunedWeightsStayZero() {
    ShadowWeights shadow = new ShadowWeights(Map.of("w", new Tensor(new int[] {1, 4}, new float[] {1f, -0.375f, 0f, 0.25f})), TWO_BIT_PER_TENSOR);
    assertThat(shadow.rounded("w")).containsExactly(1f, 0f, 0f, 0f);
    float[] next = shadow.step("w", new float[] {0.5f, -0.25f, 0.5f, 0.125f});
    assertThat(shadow.shadow("w")).containsExactly(0.5f, -0.625f, 0f, 0.375f);
    assertThat(next).containsExactly(0.5f, -0.5f, 0f, 0.5f);
    assertThat(shadow.rounded("w")).isSameAs(next);
    assertThat(shadow.settled("w").values()).containsExactly(0.5f, -0.5f, 0f, 0.5f);
  }

  /**
   * The scale is fitted to the weights, not to their maximum. For [3, 2, 2, 2] at 2 bits, max|w| = 3
   * gives codes [1, 1, 1, 1] (2 / 3 rounds up) and values [3, 3, 3, 3], squared error 3; the
   * least-squares scale of those codes is 9 / 4 = 2.25, where the codes stay the same: values
   * [2.25, 2.25, 2.25, 2.25], squared error 0.5625 + 3 × 0.0625 = 0.75.
   */
  @Test
  void theScaleIsFittedToTheWeightsNotToTheirMaximum() {
    float[] out = new float[4];
    ShadowWeights.fitChannel(new float[] {3f, 2f, 2f, 2f}, out, 0, 4, 1);
    assertThat(out).containsExactly(2.25f, 2.25f, 2.25f, 2.25f);
  }

  /** Q(x) forward, and the gradient of Σ c·Q(x) is c itself, where plain rounding gives 0. */
  @Test
  void activationsPassTheGradientStraightThrough() {
    ActivationQuantization.Range range = new ActivationQuantization.Range(0, 0.75, 0.25f, 0, 0, 3);
    try (NDManager manager = NDManager.newBaseManager()) {
      boolean previous = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      NDArray c = manager.create(new float[] {1f, 2f, 3f});
      NDArray x = manager.create(new float[] {0.1f, 0.26f, 0.9f});
      x.setRequiresGradient(true);
      NDArray y = StraightThrough.fakeQuantize(x, range);
      assertThat(y.toFloatArray()).containsExactly(0f, 0.25f, 0.75f);
      backward(y.mul(c).sum());
      assertThat(x.getGradient().toFloatArray()).containsExactly(1f, 2f, 3f);

      NDArray z = manager.create(new float[] {0.1f, 0.26f, 0.9f});
      z.setRequiresGradient(true);
      backward(ClassifierBlocks.fakeQuantize(z, range).mul(c).sum());
      assertThat(z.getGradient().toFloatArray()).containsExactly(0f, 0f, 0f);
      JniUtils.setGradMode(previous);
    }
  }

  private static void backward(NDArray loss) {
    JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
  }

  /**
   * A pruned 2-bit model trained two epochs on its grid: far better than rounding after training,
   * its pruned weights still exactly zero, every weight on a 2-bit grid, and quantizing it again
   * gives back its own weights (so a bundle can re-derive the codes).
   */
  @Test
  void twoEpochsOnTheGridRecoverWhatTwoBitRoundingLost() {
    ModelArtifact pruned = Pruning.apply(MiniData.teacher(),
        new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.8, 1, 5e-4, 128, 1), MiniData.train(), null, "test");
    QuantizationSettings twoBit = new QuantizationSettings(
        WeightPrecision.ofBits(2), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.int8());
    ModelArtifact quantized = Quantization.apply(pruned, twoBit, MiniData.calibration(), "test");
    ModelArtifact trained = QuantizationAwareTraining.apply(quantized, pruned, new QatSettings(2, 5e-4, 128, 1), MiniData.train(),
        MiniData.calibration(), null, "test");

    double post = MiniData.validationAccuracy(quantized);
    double qat = MiniData.validationAccuracy(trained);
    assertThat(qat).as("post-training %.4f, after QAT %.4f", post, qat).isGreaterThan(post + 0.05);

    prunedStayZeroOnATwoBitGrid(pruned, trained);
    assertThat(QuantizedWeights.of(trained.architecture(), trained.parameters(), twoBit).dequantized()).isEqualTo(trained.parameters());
    assertThat(trained.manifest().lineage().get(trained.manifest().lineage().size() - 1)).isInstanceOf(LineageEntry.Qat.class);
    assertThat(trained.manifest().activations()).isNotNull();
  }

  /**
   * The same pruned 2-bit model with learned scales (LSQ): it recovers as well, pruned weights stay
   * exactly zero, every row lies on a 2-bit grid, quantizing it again gives back its own weights,
   * and its lineage says the scales were learned.
   */
  @Test
  void learnedScalesRecoverTwoBitsOnTheLeafsGrid() {
    ModelArtifact pruned = Pruning.apply(MiniData.teacher(),
        new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.8, 1, 5e-4, 128, 1), MiniData.train(), null, "test");
    QuantizationSettings twoBit = new QuantizationSettings(
        WeightPrecision.ofBits(2), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.off());
    ModelArtifact quantized = Quantization.apply(pruned, twoBit, MiniData.calibration(), "test");
    ModelArtifact trained = QuantizationAwareTraining.apply(quantized, pruned,
        new QatSettings(2, 5e-4, 128, 1, QatScales.LEARNED, LearnedScales.Init.FITTED, 0.01), MiniData.train(), MiniData.calibration(), null, "test");

    double post = MiniData.validationAccuracy(quantized);
    double lsq = MiniData.validationAccuracy(trained);
    assertThat(lsq).as("post-training %.4f, after LSQ %.4f", post, lsq).isGreaterThan(post + 0.05);
    prunedStayZeroOnATwoBitGrid(pruned, trained);
    LineageEntry last = trained.manifest().lineage().get(trained.manifest().lineage().size() - 1);
    assertThat(last).isInstanceOfSatisfying(LineageEntry.Qat.class, q -> {
      assertThat(q.scales()).isEqualTo("learned");
      assertThat(q.scaleLr()).isEqualTo(0.01);
      assertThat(q.learnedScales()).containsOnlyKeys(WeightTensors.names(pruned.architecture(), pruned.parameters()));
    });
    // Every weight is its code times its learned scale: the codes a bundle and ONNX export take.
    QuantizedWeights codes = new QatStage().codes(last, trained);
    assertThat(codes.dequantized()).isEqualTo(trained.parameters());
    for (QuantizedTensor t : codes.tensors().values()) {
      assertThat(t.scales()).isEqualTo(((LineageEntry.Qat) last).learnedScales().get(t.name()));
      assertThat(java.util.Arrays.stream(t.codes()).allMatch(c -> c >= -1 && c <= 1)).as(t.name() + " codes in -1..1").isTrue();
    }
  }

  @Test
  void learnedScalesRefuseAnAffineGrid() {
    QuantizationSettings affine = new QuantizationSettings(
        WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.AFFINE, ActivationSettings.off());
    ModelArtifact quantized = Quantization.apply(MiniData.teacher(), affine, MiniData.calibration(), "test");
    assertThatThrownBy(() -> QuantizationAwareTraining.apply(quantized, MiniData.teacher(), new QatSettings(1, 1e-4, 128, 1, QatScales.LEARNED, LearnedScales.Init.FITTED, 0.01),
        MiniData.train(), MiniData.calibration(), null, "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("symmetric grid");
  }

  /** Every weight pruned in {@code pruned} is exactly zero in {@code trained}, whose rows take at most 2 magnitudes (0 and s). */
  private static void prunedStayZeroOnATwoBitGrid(ModelArtifact pruned, ModelArtifact trained) {
    for (String name : WeightTensors.names(pruned.architecture(), pruned.parameters())) {
      float[] before = pruned.parameters().get(name).values();
      float[] after = trained.parameters().get(name).values();
      int rows = pruned.parameters().get(name).dim(0);
      int perRow = before.length / rows;
      for (int r = 0; r < rows; r++) {
        Set<Float> levels = new HashSet<>();
        for (int i = r * perRow; i < (r + 1) * perRow; i++) {
          if (before[i] == 0f) {
            assertThat(after[i]).as(name + "[" + i + "] was pruned").isZero();
          }
          levels.add(Math.abs(after[i]));
        }
        assertThat(levels).as(name + " row " + r + " magnitudes on a 2-bit grid").hasSizeLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void aFloatModelHasNoGridToTrainOn() {
    assertThatThrownBy(() -> QuantizationAwareTraining.apply(MiniData.teacher(), MiniData.teacher(), new QatSettings(1, 1e-4, 128, 1),
        MiniData.train(), MiniData.calibration(), null, "test"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no integer weights");
  }
}
