package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layers small enough to cost by hand; each comment shows the arithmetic. */
class CostModelTest {
  private static final WeightEncoding INT8 = WeightEncoding.integer(8, ScaleGranularity.PER_TENSOR, false);

  @Test
  void float32MlpOnADenseDevice() {
    // mlp:8-4-2, fp32 weights and activations, no zeros.
    // fc1: 32 MACs; weights 32*4 = 128 B + bias 4*4 = 16 B = 144 B; activations in 8*4 = 32 B, out 4*4 = 16 B.
    // fc2: 8 MACs; weights 8*4 = 32 B + bias 2*4 = 8 B = 40 B; activations in 16 B, out 8 B.
    // Device: fp32 1000 MAC/s at efficiency 0.5 -> 500 MAC/s; 1000 B/s; 1 ms per layer.
    // fc1: compute 32/500 = 0.064 s, memory (144+48)/1000 = 0.192 s -> 0.192 + 0.001 = 0.193 s (memory-bound)
    // fc2: compute 8/500 = 0.016 s, memory (40+24)/1000 = 0.064 s -> 0.065 s. Total 0.258 s.
    // Energy: fc1 32 * 1 nJ + 192 B * 0.1 nJ = 51.2 nJ; fc2 8 nJ + 6.4 nJ = 14.4 nJ; total 65.6 nJ.
    // Peak RAM: largest live activations 48 B + weights in RAM 184 B = 232 B.
    TestDevices d = TestDevices.builder();
    d.efficiency.put(Precision.FP32, 0.5);
    d.overhead = 0.001;
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.float32(), Precision.FP32);
    CostEstimate e = CostModel.estimate(model, d.build());

    assertThat(e.layers()).extracting(LayerCost::name).containsExactly("fc1", "fc2");
    LayerCost fc1 = e.layers().get(0);
    assertThat(fc1.macs()).isEqualTo(32);
    assertThat(fc1.weightBytesMoved()).isEqualTo(144);
    assertThat(fc1.activationBytes()).isEqualTo(48);
    assertThat(fc1.computeSeconds()).isCloseTo(0.064, within(1e-12));
    assertThat(fc1.memorySeconds()).isCloseTo(0.192, within(1e-12));
    assertThat(fc1.bound()).isEqualTo("memory");
    assertThat(fc1.latencySeconds()).isCloseTo(0.193, within(1e-12));
    assertThat(e.layers().get(1).latencySeconds()).isCloseTo(0.065, within(1e-12));
    assertThat(e.latencySeconds()).isCloseTo(0.258, within(1e-12));
    assertThat(e.latencyMs()).isCloseTo(258, within(1e-9));
    assertThat(e.energyJoules()).isCloseTo(65.6e-9, within(1e-18));
    assertThat(e.storedBytes()).isEqualTo(184);
    assertThat(e.bytesMoved()).isEqualTo(144 + 48 + 40 + 24);
    assertThat(e.peakRamBytes()).isEqualTo(232);
    assertThat(e.denseMacs()).isEqualTo(40);
    assertThat(e.fits()).isTrue();
    assertThat(e.storageFormatSummary()).isEqualTo("dense");
  }

  @Test
  void activePowerTimesLatencyIsAddedToTheDynamicEnergy() {
    // The fp32 mlp:8-4-2 above: 0.258 s and 65.6 nJ of arithmetic and data movement. At 2 W
    // active: 0.516 J + 65.6 nJ. Idle power is not part of energy per inference.
    TestDevices d = TestDevices.builder();
    d.efficiency.put(Precision.FP32, 0.5);
    d.overhead = 0.001;
    d.power = new DevicePower(2.0, 0.5);
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.float32(), Precision.FP32);
    CostEstimate e = CostModel.estimate(model, d.build());
    assertThat(e.dynamicEnergyJoules()).isCloseTo(65.6e-9, within(1e-18));
    assertThat(e.energyJoules()).isCloseTo(2.0 * 0.258 + 65.6e-9, within(1e-12));
    // At batch 4 the power is paid over the batch's latency, once.
    CostEstimate b4 = CostModel.estimate(model, d.build(), 4);
    assertThat(b4.energyJoules()).isCloseTo(2.0 * b4.latencySeconds() + b4.dynamicEnergyJoules(), within(1e-12));
    assertThatThrownBy(() -> new DevicePower(1.0, 2.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DevicePower(0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void int8ConvPoolDenseIsComputeBoundInTheConvolution() {
    // cnn:1x6x6:c2k3-m2-f3, int8 weights per tensor, int8 activations; device int8 1000 MAC/s, 1000 B/s.
    // conv1: out 2x4x4; MACs 2*1*9*16 = 288; weights 18 B + scale 4 B + bias 2*4 B = 30 B;
    //        activations in 36 B + out 32 B = 68 B. compute 0.288 s > memory 98/1000 = 0.098 s.
    // pool1: 2x4x4 -> 2x2x2: in 32 B + out 8 B = 40 B; memory 0.040 s; no MACs.
    // flatten: no cost. fc1: 8 -> 3: 24 MACs; 24 B + 4 B + 12 B = 40 B weights; 8 + 3 = 11 B activations;
    //        compute 0.024 s < memory 51/1000 = 0.051 s.
    // Total 0.288 + 0.040 + 0.051 = 0.379 s. Peak RAM: 68 B + weights 30 + 40 = 138 B.
    // Energy: MACs 312 * 0.25 nJ = 78 nJ; bytes (98 + 40 + 51) * 0.1 nJ = 18.9 nJ; total 96.9 nJ.
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("cnn:1x6x6:c2k3-m2-f3"), INT8, Precision.INT8);
    CostEstimate e = CostModel.estimate(model, TestDevices.builder().build());

    assertThat(e.layers()).extracting(LayerCost::name).containsExactly("conv1", "pool1", "fc1");
    assertThat(e.layers()).extracting(LayerCost::kind).containsExactly("conv", "maxpool", "dense");
    assertThat(e.layers()).extracting(LayerCost::precision).containsOnly(Precision.INT8);
    LayerCost conv = e.layers().get(0);
    assertThat(conv.macs()).isEqualTo(288);
    assertThat(conv.weightBytesMoved()).isEqualTo(30);
    assertThat(conv.activationBytes()).isEqualTo(68);
    assertThat(conv.bound()).isEqualTo("compute");
    assertThat(e.layers().get(1).activationBytes()).isEqualTo(40);
    assertThat(e.layers().get(1).storage()).isNull();
    assertThat(e.layers().get(2).latencySeconds()).isCloseTo(0.051, within(1e-12));
    assertThat(e.latencySeconds()).isCloseTo(0.379, within(1e-12));
    assertThat(e.peakRamBytes()).isEqualTo(138);
    assertThat(e.energyJoules()).isCloseTo(96.9e-9, within(1e-18));
  }

  @Test
  void aProfileCanSlowConvolutionAndPoolingAndGiveThemTheirOwnOverhead() {
    // The int8 cnn:1x6x6:c2k3-m2-f3 above (conv 0.288 s compute-bound, pool 0.040 s, fc 0.051 s memory-bound),
    // on a device whose convolutions run at half speed with 2 ms overhead and whose pooling runs at a
    // quarter speed with no overhead; dense layers keep the common 1 ms.
    // conv: 0.288 / 0.5 = 0.576 + 0.002; pool: 0.040 / 0.25 = 0.160 + 0; fc: 0.051 + 0.001. Total 0.790 s.
    TestDevices d = TestDevices.builder();
    d.overhead = 0.001;
    d.layerKinds.put("conv", new LayerKindCost(0.5, 0.002));
    d.layerKinds.put("maxpool", new LayerKindCost(0.25, 0));
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("cnn:1x6x6:c2k3-m2-f3"), INT8, Precision.INT8);
    CostEstimate e = CostModel.estimate(model, d.build());

    assertThat(e.layers().get(0).computeSeconds()).isCloseTo(0.576, within(1e-12));
    assertThat(e.layers().get(0).overheadSeconds()).isEqualTo(0.002);
    assertThat(e.layers().get(1).memorySeconds()).isCloseTo(0.160, within(1e-12));
    assertThat(e.layers().get(1).overheadSeconds()).isEqualTo(0);
    assertThat(e.layers().get(2).latencySeconds()).isCloseTo(0.052, within(1e-12));
    assertThat(e.latencySeconds()).isCloseTo(0.790, within(1e-12));
  }

  @Test
  void convertingActivationsToTheKernelsFormatIsChargedPerLayerAndValue() {
    // mlp:8-4-2 with int8 weights and activations on a device that computes fp32 only (as the host
    // simulates quantization): each weight layer's input is converted. Conversion: 0.01 s per layer
    // + 0.001 s per value. fc1 converts 8 values (0.018 s), fc2 4 values (0.014 s); at batch 2, twice
    // the values: 0.026 s and 0.018 s.
    TestDevices d = TestDevices.builder();
    d.peak.remove(Precision.INT8);
    d.efficiency.remove(Precision.INT8);
    d.joulesPerMac.remove(Precision.INT8);
    d.conversions.put("int", new ActivationConversionCost(0.01, 0.001));
    d.conversions.put("fp16", new ActivationConversionCost(1, 1));
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), INT8, Precision.INT8);
    DeviceProfile device = d.build();
    CostEstimate one = CostModel.estimate(model, device, 1);
    assertThat(one.layers()).extracting(LayerCost::precision).containsOnly(Precision.FP32);
    assertThat(one.layers()).extracting(LayerCost::convertedValues).containsExactly(8L, 4L);
    assertThat(one.layers().get(0).conversionSeconds()).isCloseTo(0.018, within(1e-12));
    assertThat(one.layers().get(1).conversionSeconds()).isCloseTo(0.014, within(1e-12));
    CostEstimate two = CostModel.estimate(model, device, 2);
    assertThat(two.layers().get(0).conversionSeconds()).isCloseTo(0.026, within(1e-12));
    assertThat(two.layers().get(1).conversionSeconds()).isCloseTo(0.018, within(1e-12));
    double withoutConversion = CostModel.estimate(ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), INT8, Precision.FP32), device, 1).latencySeconds();
    assertThat(one.latencySeconds() - withoutConversion).isCloseTo(0.032, within(1e-12));

    // Where the kernel computes in the activations' own format, nothing is converted.
    TestDevices native8 = TestDevices.builder();
    native8.conversions.put("int", new ActivationConversionCost(0.01, 0.001));
    CostEstimate integer = CostModel.estimate(model, native8.build(), 1);
    assertThat(integer.layers()).extracting(LayerCost::convertedValues).containsOnly(0L);
    assertThat(integer.layers()).extracting(LayerCost::conversionSeconds).containsOnly(0.0);
  }

  @Test
  void unstructuredSparsitySavesComputeOnlyWhereKernelsSkipZeros() {
    // mlp:8-4-2 in int8; fc1's 4x8 weight keeps one non-zero per row at column 0 (28 of 32 zero); fc2 dense.
    // fc1 dense: 32 + 4 (scale) + 16 (bias) = 52 B.
    // fc1 bitmap: 32 bits = 4 B + 4 values = 4 B + 4 + 16 = 28 B.
    // fc1 CSR (4-bit indices): 4 entries: values 4 B, indices 16 bits = 2 B, pointers 5 * 1 B = 5 B, + 4 + 16 = 31 B.
    // fc2 is dense in every reader: 8 + 4 + 8 = 20 B (bitmap 1 + 8 + 12 = 21 B, CSR larger still).
    ParameterSet params = parameters("mlp:8-4-2", oneNonZeroPerRow(4, 8), ones(2, 4));
    ModelFootprint model = ModelFootprint.of(Architecture.parse("mlp:8-4-2"), params, INT8, Precision.INT8);
    assertThat(model.denseMacs()).isEqualTo(40);
    assertThat(model.sparseMacs()).isEqualTo(4 + 8);
    assertThat(model.weightLayers().get(0).storage(StorageFormat.CSR, 4).totalBytes()).isEqualTo(31);

    TestDevices reader = TestDevices.builder();
    reader.formats = EnumSet.allOf(StorageFormat.class);
    CostEstimate densifies = CostModel.estimate(model, reader.build());
    // Stores fc1 as a bitmap (28 B) but densifies at load: all 40 MACs, 52 B of fc1 weights in RAM and moved.
    assertThat(densifies.layers().get(0).storage().format()).isEqualTo(StorageFormat.BITMAP);
    assertThat(densifies.storedBytes()).isEqualTo(28 + 20);
    assertThat(densifies.macs()).isEqualTo(40);
    assertThat(densifies.layers().get(0).weightBytesMoved()).isEqualTo(52);
    assertThat(densifies.storageFormatSummary()).isEqualTo("dense+bitmap");

    reader.sparseCompute = true;
    CostEstimate skips = CostModel.estimate(model, reader.build());
    // Sparse kernels: fc1 does 4 MACs and reads its 28 bitmap bytes; fc2 stays dense (8 MACs).
    assertThat(skips.macs()).isEqualTo(12);
    assertThat(skips.denseMacs()).isEqualTo(40);
    assertThat(skips.layers().get(0).weightBytesMoved()).isEqualTo(28);
    assertThat(skips.latencySeconds()).isLessThan(densifies.latencySeconds());
    assertThat(skips.storedBytes()).isEqualTo(densifies.storedBytes());

    // A reader of dense and CSR only stores fc1 as CSR (31 B).
    reader.formats = EnumSet.of(StorageFormat.DENSE, StorageFormat.CSR);
    assertThat(CostModel.estimate(model, reader.build()).storedBytes()).isEqualTo(31 + 20);
  }

  @Test
  void structuredPruningAlwaysCountsBecauseTheLayerIsSmaller() {
    // mlp:8-4-2 narrowed to mlp:8-2-2: fc1 16 MACs, fc2 4 MACs, on a device with no sparse support.
    ModelFootprint full = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), INT8, Precision.INT8);
    ModelFootprint narrow = ModelFootprint.dense(Architecture.parse("mlp:8-2-2"), INT8, Precision.INT8);
    DeviceProfile device = TestDevices.builder().build();
    assertThat(CostModel.estimate(narrow, device).macs()).isEqualTo(20);
    assertThat(CostModel.estimate(full, device).macs()).isEqualTo(40);
    assertThat(CostModel.estimate(narrow, device).storedBytes()).isLessThan(CostModel.estimate(full, device).storedBytes());
  }

  @Test
  void weightsInFlashDoNotCountTowardsRam() {
    // Same int8 cnn as above: activations peak 68 B; weights 70 B stay in flash on an MCU.
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("cnn:1x6x6:c2k3-m2-f3"), INT8, Precision.INT8);
    TestDevices mcu = TestDevices.builder();
    mcu.weightsInRam = false;
    assertThat(CostModel.estimate(model, mcu.build()).peakRamBytes()).isEqualTo(68);
  }

  @Test
  void batchScalesMacsAndActivationsButReadsWeightsOnce() {
    // fp32 mlp:8-4-2 at batch 4: fc1 MACs 128, activations 4 * 48 = 192 B, weights still 144 B.
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.float32(), Precision.FP32);
    TestDevices d = TestDevices.builder();
    d.overhead = 0.001;
    CostEstimate e = CostModel.estimate(model, d.build(), 4);
    LayerCost fc1 = e.layers().get(0);
    assertThat(fc1.macs()).isEqualTo(128);
    assertThat(fc1.activationBytes()).isEqualTo(192);
    assertThat(fc1.weightBytesMoved()).isEqualTo(144);
    // memory (144 + 192) / 1000 = 0.336 s vs compute 128 / 1000 = 0.128 s, plus one overhead.
    assertThat(fc1.latencySeconds()).isCloseTo(0.337, within(1e-12));
    assertThat(e.peakRamBytes()).isEqualTo(192 + 184);
    assertThatThrownBy(() -> CostModel.estimate(model, d.build(), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRuntimeThatUnpacksWeightsHoldsThemAtTheKernelWidth() {
    // int8-weight, fp32-activation mlp:8-4-2 on a PyTorch-like host: the kernel is fp32 (weight-only
    // quantization), so fc1 is held as 32 * 4 B + bias 16 B = 144 B, not the stored 32 + 4 + 16 = 52 B.
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), INT8, Precision.FP32);
    TestDevices host = TestDevices.builder();
    host.unpacksWeights = true;
    CostEstimate e = CostModel.estimate(model, host.build());
    assertThat(e.storedBytes()).isEqualTo(52 + 20);
    assertThat(e.layers().get(0).weightBytesMoved()).isEqualTo(144);
    assertThat(e.layers().get(1).weightBytesMoved()).isEqualTo(40);
    // int4 weights with int8 activations on an int8 kernel are unpacked to int8: 32 B + scale 4 B + bias 16 B.
    WeightEncoding int4 = WeightEncoding.integer(4, ScaleGranularity.PER_TENSOR, false);
    ModelFootprint packed = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), int4, Precision.INT8);
    assertThat(CostModel.estimate(packed, host.build()).layers().get(0).weightBytesMoved()).isEqualTo(52);
  }

  @Test
  void kernelPrecisionFollowsTheDocumentedRules() {
    TestDevices d = TestDevices.builder().computes(Precision.integer(4), 4000, 0.1e-9).computes(Precision.FP16, 2000, 0.5e-9);
    DeviceProfile device = d.build();
    Precision int4 = Precision.integer(4);
    // Integer weights and activations: narrowest integer kernel at least as wide as both.
    assertThat(KernelPrecision.resolve(device, int4, int4)).isEqualTo(int4);
    assertThat(KernelPrecision.resolve(device, int4, Precision.INT8)).isEqualTo(Precision.INT8);
    assertThat(KernelPrecision.resolve(device, Precision.integer(6), Precision.INT8)).isEqualTo(Precision.INT8);
    // No integer kernel wide enough: fp32.
    assertThat(KernelPrecision.resolve(device, Precision.integer(12), Precision.INT8)).isEqualTo(Precision.FP32);
    // Weight-only quantization runs in float.
    assertThat(KernelPrecision.resolve(device, Precision.INT8, Precision.FP32)).isEqualTo(Precision.FP32);
    assertThat(KernelPrecision.resolve(device, Precision.FP16, Precision.FP16)).isEqualTo(Precision.FP16);
    assertThat(KernelPrecision.resolve(device, Precision.INT8, Precision.FP16)).isEqualTo(Precision.FP16);
    // fp16 activations where the device has no fp16 arithmetic: fp32.
    assertThat(KernelPrecision.resolve(TestDevices.builder().build(), Precision.FP16, Precision.FP16)).isEqualTo(Precision.FP32);
  }

  @Test
  void int4WeightsWithInt8ActivationsAreStoredPackedAndRunAsInt8() {
    // mlp:8-4-2 int4 per tensor symmetric: fc1 32 * 4 bits = 16 B + 4 B scale + 16 B bias = 36 B;
    // fc2 8 * 4 bits = 4 B + 4 B + 8 B = 16 B. Kernel int8: activations 8-bit.
    WeightEncoding int4 = WeightEncoding.integer(4, ScaleGranularity.PER_TENSOR, false);
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), int4, Precision.INT8);
    CostEstimate e = CostModel.estimate(model, TestDevices.builder().build());
    assertThat(e.storedBytes()).isEqualTo(36 + 16);
    assertThat(e.layers()).extracting(LayerCost::precision).containsOnly(Precision.INT8);
    assertThat(e.layers().get(0).activationBytes()).isEqualTo(8 + 4);
    assertThat(e.weightPrecisions()).containsExactly(Precision.integer(4));
  }

  @Test
  void everyBrokenConstraintIsNamed() {
    // fp32 mlp:8-4-2: 184 B stored, 232 B peak RAM, 0.258 s (see the first test).
    ModelFootprint model = ModelFootprint.dense(Architecture.parse("mlp:8-4-2"), WeightEncoding.float32(), Precision.FP32);
    TestDevices d = TestDevices.builder();
    d.efficiency.put(Precision.FP32, 0.5);
    d.overhead = 0.001;
    d.weightPrecisions = java.util.Set.of(Precision.INT8);
    d.storageBytes = 183;
    d.maxModelBytes = 100;
    d.ramBytes = 231;
    d.latencyBudgetMs = 257.9;
    assertThat(CostModel.estimate(model, d.build()).violations()).containsExactlyInAnyOrder(
        Constraint.WEIGHT_PRECISION, Constraint.STORAGE, Constraint.MODEL_BYTES, Constraint.RAM, Constraint.LATENCY);
    // Exactly at every bound: fits.
    d.weightPrecisions = java.util.Set.of(Precision.FP32);
    d.storageBytes = 184;
    d.maxModelBytes = 184;
    d.ramBytes = 232;
    d.latencyBudgetMs = 258.0000001;
    assertThat(CostModel.estimate(model, d.build()).violations()).isEmpty();
  }

  @Test
  void mixedPrecisionFlagsEveryUnsupportedLayerFormat() {
    Map<String, WeightEncoding> encodings = new LinkedHashMap<>();
    encodings.put("fc1", WeightEncoding.integer(2, ScaleGranularity.PER_CHANNEL, false));
    encodings.put("fc2", INT8);
    ParameterSet params = parameters("mlp:8-4-2", ones(4, 8), ones(2, 4));
    ModelFootprint model = ModelFootprint.of(Architecture.parse("mlp:8-4-2"), params, encodings, Precision.INT8);
    assertThat(model.weightPrecisions()).containsExactly(Precision.integer(2), Precision.INT8);
    CostEstimate e = CostModel.estimate(model, TestDevices.builder().build());
    assertThat(e.violations()).containsExactly(Constraint.WEIGHT_PRECISION);
  }

  @Test
  void footprintRefusesParametersThatDoNotMatchTheArchitecture() {
    ParameterSet wrong = parameters("mlp:8-4-2", ones(4, 7), ones(2, 4));
    assertThatThrownBy(() -> ModelFootprint.of(Architecture.parse("mlp:8-4-2"), wrong, INT8, Precision.INT8))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fc1.weight");
    assertThatThrownBy(() -> ModelFootprint.dense(Architecture.parse("torchscript:m.pt"), INT8, Precision.INT8))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("TorchScript");
  }

  @Test
  void activationPrecisionComesFromTheManifestsQuantizers() {
    assertThat(ModelFootprint.activationPrecision(null)).isEqualTo(Precision.FP32);
    assertThat(ModelFootprint.activationPrecision(io.edgesweep.model.ActivationQuantization.fp16())).isEqualTo(Precision.FP16);
    assertThat(ModelFootprint.activationPrecision(new io.edgesweep.model.ActivationQuantization("int", 8, Map.of())))
        .isEqualTo(Precision.INT8);
  }

  @Test
  void footprintCountsParametersAndNonZeros() {
    ParameterSet params = parameters("mlp:8-4-2", oneNonZeroPerRow(4, 8), ones(2, 4));
    ModelFootprint model = ModelFootprint.of(Architecture.parse("mlp:8-4-2"), params, INT8, Precision.INT8);
    // 32 + 4 + 8 + 2 = 46 parameters; non-zero: 4 + 4 biases + 8 + 2 biases = 18.
    assertThat(model.parameters()).isEqualTo(46);
    assertThat(model.nonZeroParameters()).isEqualTo(18);
  }

  private static float[] ones(int rows, int cols) {
    float[] v = new float[rows * cols];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  private static float[] oneNonZeroPerRow(int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      v[r * cols] = 1f;
    }
    return v;
  }

  private static ParameterSet parameters(String spec, float[] fc1, float[] fc2) {
    Architecture arch = Architecture.parse(spec);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    List<float[]> weights = List.of(fc1, fc2);
    int i = 0;
    for (var layer : arch.weightLayers()) {
      int[] shape = layer.weightShape();
      int[] wanted = shape.clone();
      float[] values = weights.get(i++);
      if (values.length != shape[0] * shape[1]) {
        wanted[1] = values.length / shape[0];
      }
      tensors.put(layer.weightName(), new Tensor(wanted, values));
      float[] bias = new float[layer.outputs()];
      java.util.Arrays.fill(bias, 0.5f);
      tensors.put(layer.biasName(), new Tensor(new int[] {layer.outputs()}, bias));
    }
    return new ParameterSet(tensors);
  }
}
