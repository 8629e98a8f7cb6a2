package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.Architecture;
import org.junit.jupiter.api.Test;

/** The cost model on layer graphs, each figure counted by hand. */
class GraphCostTest {
  private static final DeviceProfile DEVICE = TestDevices.builder().build();

  @Test
  void aResidualBranchKeepsItsInputAliveUntilTheAdd() {
    // fp32, 4x8x8 = 256 values = 1,024 B per [4, 8, 8] tensor.
    // conv1 reads the image (1,024) and writes t1 (1,024): 2,048. conv2 reads t1, writes t3: 2,048.
    // conv3 reads t3 and writes t5 while t1 waits for the add: 3,072. add reads t5 and t1, writes t6: 3,072.
    // A chain of the same convolutions would peak at 2,048.
    Architecture residual = Architecture.parse("graph:4x8x8:c4k3p1-r-c4k3p1-r-c4k3p1-add2-r-gap-flat-f10");
    CostEstimate e = CostModel.estimate(ModelFootprint.dense(residual, WeightEncoding.float32(), Precision.FP32), DEVICE);
    assertThat(ActivationLifetimes.peakBytes(residual, Precision.FP32, 1)).isEqualTo(3_072);
    Architecture chain = Architecture.parse("graph:4x8x8:c4k3p1-r-c4k3p1-r-c4k3p1-r-gap-flat-f10");
    assertThat(ActivationLifetimes.peakBytes(chain, Precision.FP32, 1)).isEqualTo(2_048);
    // 4*4*9 weights * 64 positions = 9,216 MACs per convolution; fc 4*10 = 40.
    assertThat(e.layers()).extracting(LayerCost::name).containsExactly("conv1", "conv2", "conv3", "add1", "pool1", "fc1");
    assertThat(e.layers()).extracting(LayerCost::denseMacs).containsExactly(9_216L, 9_216L, 9_216L, 0L, 0L, 40L);
    assertThat(e.denseMacs()).isEqualTo(3 * 9_216 + 40);
    // The add reads two tensors and writes one: 3 * 1,024 B; global pooling reads 1,024 B and writes 16.
    assertThat(e.layers().get(3).activationBytes()).isEqualTo(3_072);
    assertThat(e.layers().get(4).activationBytes()).isEqualTo(1_040);
    // Weights in RAM on this device: (3 * (144 + 4) + 40 + 10) * 4 B = 1,976 B on top of the activations.
    assertThat(e.storedBytes()).isEqualTo(1_976);
    assertThat(e.peakRamBytes()).isEqualTo(3_072 + 1_976);
  }

  @Test
  void aDepthwiseSeparableBlockCountsOneFilterPerChannel() {
    // 8x8x8 fp32: image 512 values = 2,048 B; depthwise out 2,048 B; pointwise out 16*64 = 4,096 B.
    Architecture separable = Architecture.parse("graph:8x8x8:c8k3p1g8-r-c16k1-r-gap-flat-f10");
    CostEstimate e = CostModel.estimate(ModelFootprint.dense(separable, WeightEncoding.float32(), Precision.FP32), DEVICE);
    // depthwise: 8 channels * 1*3*3 * 64 = 4,608; pointwise: 16 * 8 * 64 = 8,192; fc 16*10 = 160.
    assertThat(e.layers()).extracting(LayerCost::denseMacs).containsExactly(4_608L, 8_192L, 0L, 160L);
    // bytes: depthwise (72 + 8) * 4 = 320; pointwise (128 + 16) * 4 = 576; fc (160 + 10) * 4 = 680.
    assertThat(e.layers()).extracting(l -> l.storage() == null ? 0 : l.storage().totalBytes()).containsExactly(320L, 576L, 0L, 680L);
    // peak: pointwise reads 2,048 and writes 4,096.
    assertThat(ActivationLifetimes.peakBytes(separable, Precision.FP32, 1)).isEqualTo(6_144);
    assertThat(e.peakRamBytes()).isEqualTo(6_144 + 320 + 576 + 680);
  }
}
