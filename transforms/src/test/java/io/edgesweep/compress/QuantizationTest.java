package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.ActivationQuantization;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizationTest {
  static final QuantizationSettings W8A8 = new QuantizationSettings(
      WeightPrecision.ofBits(8), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC, ActivationSettings.int8());

  @Test
  void eightBitWeightsAndActivationsLoseAtMostHalfAPoint() {
    ModelArtifact teacher = MiniData.teacher();
    ModelArtifact quantized = Quantization.apply(teacher, W8A8, MiniData.calibration(), "cmd");
    double before = MiniData.validationAccuracy(teacher);
    double after = MiniData.validationAccuracy(quantized);
    assertThat(before).isGreaterThan(0.8);
    assertThat(after).as("float %.4f, int8 %.4f", before, after).isGreaterThanOrEqualTo(before - 0.005);
    // The quantizers really act: the logits move, and 2-bit activations cost far more.
    float[] floatLogits = MiniData.validationLogits(teacher);
    float[] intLogits = MiniData.validationLogits(quantized);
    assertThat(intLogits).isNotEqualTo(floatLogits);
    QuantizationSettings a2 = new QuantizationSettings(WeightPrecision.float32(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.integer(2, ActivationSettings.Calibration.minMax()));
    assertThat(MiniData.validationAccuracy(Quantization.apply(teacher, a2, MiniData.calibration(), "cmd"))).isLessThan(before - 0.05);
  }

  @Test
  void thirtyTwoBitsIsTheFloatModel() {
    ModelArtifact teacher = MiniData.teacher();
    QuantizationSettings float32 = QuantizationSettings.weightsOnly(32);
    assertThat(float32.isIdentity()).isTrue();
    assertThat(Quantization.apply(teacher, float32, null, "cmd")).isSameAs(teacher);
    assertThat(QuantizedWeights.of(teacher.architecture(), teacher.parameters(), float32).dequantized()).isEqualTo(teacher.parameters());
    // 32-bit weights with 8-bit activations keep every weight bit for bit.
    QuantizationSettings a8 = new QuantizationSettings(WeightPrecision.float32(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC,
        ActivationSettings.int8());
    ModelArtifact activationsOnly = Quantization.apply(teacher, a8, MiniData.calibration(), "cmd");
    assertThat(activationsOnly.parameters()).isEqualTo(teacher.parameters());
    assertThat(activationsOnly.manifest().activations().inputs()).containsOnlyKeys("fc1", "fc2", "fc3");
  }

  @Test
  void theArtifactHoldsTheDequantizedCodesAndItsQuantizersSurviveAWriteAndRead(@TempDir Path dir) throws Exception {
    ModelArtifact quantized = Quantization.apply(MiniData.teacher(), W8A8, MiniData.calibration(), "cmd");
    QuantizedWeights codes = Quantization.quantizeWeights(MiniData.teacher(), W8A8);
    assertThat(quantized.parameters()).isEqualTo(codes.dequantized());
    assertThat(codes.tensors()).containsOnlyKeys("fc1.weight", "fc2.weight", "fc3.weight");
    assertThat(codes.floatTensors()).containsOnlyKeys("fc1.bias", "fc2.bias", "fc3.bias");
    quantized.writeTo(dir.resolve("q"));
    ModelArtifact back = ModelArtifact.read(dir.resolve("q"));
    assertThat(back.manifest().activations()).isEqualTo(quantized.manifest().activations());
    assertThat(MiniData.validationLogits(back)).containsExactly(MiniData.validationLogits(quantized));
    Map<String, Object> stage = io.edgesweep.model.LineageMaps.fields(back.manifest().lineage().get(back.manifest().lineage().size() - 1));
    assertThat(stage).containsEntry("stage", "quantize").containsEntry("weights", "8").containsEntry("granularity", "per-channel")
        .containsEntry("scheme", "symmetric").containsEntry("activations", "int").containsEntry("activation_bits", 8)
        .containsEntry("calibration", "minmax");
  }

  @Test
  void theStoreKeepsPackedCodesThatReadBackToTheSameBytes() {
    ModelArtifact teacher = MiniData.teacher();
    long floatBytes = teacher.files().get(ModelArtifact.PARAMETERS).length;
    for (String bits : List.of("2", "3", "4", "8", "12", "16", "fp16")) {
      for (Granularity granularity : Granularity.values()) {
        for (QuantizationScheme scheme : QuantizationScheme.values()) {
          QuantizationSettings settings = new QuantizationSettings(WeightPrecision.parse(bits, "test"), granularity, scheme,
              bits.equals("fp16") ? ActivationSettings.fp16() : ActivationSettings.int8());
          ModelArtifact quantized = Quantization.apply(teacher, settings, MiniData.calibration(), "cmd");
          Map<String, byte[]> stored = quantized.storeFiles();
          String what = bits + " " + granularity + " " + scheme;
          assertThat(stored).as(what).containsOnlyKeys(ModelArtifact.MANIFEST, ModelArtifact.PARAMETER_CODES);
          // The weights take their bit width (fp16: 16), plus per output unit (410) a float32 bias, scale
          // and zero-point, and the header.
          int width = bits.equals("fp16") ? 16 : Integer.parseInt(bits);
          assertThat((double) stored.get(ModelArtifact.PARAMETER_CODES).length).as(what)
              .isLessThan(floatBytes * (width / 32.0) + 12 * 410 + 1_500);
          ModelArtifact back = ModelArtifact.fromFiles(stored, "store");
          assertThat(back.parametersSha256()).as(what).isEqualTo(quantized.parametersSha256());
          assertThat(back.files()).as(what).containsOnlyKeys(quantized.files().keySet());
          assertThat(ModelArtifact.sha256(back.files().get(ModelArtifact.PARAMETERS))).as(what).isEqualTo(quantized.parametersSha256());
          assertThat(back.parameters()).as(what).isEqualTo(quantized.parameters());
          assertThat(back.manifest().activations()).as(what).isEqualTo(quantized.manifest().activations());
        }
      }
    }
    // A model without codes (the float model, a trained one) keeps its float32 file.
    assertThat(teacher.storeFiles()).containsOnlyKeys(ModelArtifact.MANIFEST, ModelArtifact.PARAMETERS);
  }

  @Test
  void prunedZerosStayZeroThroughQuantization() {
    ModelArtifact pruned = Pruning.apply(MiniData.teacher(),
        new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 0, 1e-3, 128, 1), MiniData.train(), null, "cmd");
    List<String> weights = WeightTensors.names(pruned.architecture(), pruned.parameters());
    for (String bits : List.of("2", "4", "6", "8", "fp16")) {
      for (QuantizationScheme scheme : QuantizationScheme.values()) {
        ModelArtifact q = Quantization.apply(pruned,
            new QuantizationSettings(WeightPrecision.parse(bits, "test"), Granularity.PER_CHANNEL, scheme, ActivationSettings.off()),
            null, "cmd");
        ParameterSet p = q.parameters();
        for (String name : weights) {
          float[] before = pruned.parameters().get(name).values();
          float[] after = p.get(name).values();
          for (int i = 0; i < before.length; i++) {
            if (before[i] == 0f) {
              assertThat(after[i]).as("%s %s %s[%d]", bits, scheme, name, i).isZero();
            }
          }
        }
        assertThat(WeightTensors.zeros(p, weights)).isGreaterThanOrEqualTo(WeightTensors.zeros(pruned.parameters(), weights));
      }
    }
  }

  @Test
  void calibratedRangesAreAffineGridsContainingZero() {
    ActivationQuantization a = ActivationCalibration.calibrate(MiniData.teacher().architecture(), MiniData.teacher().parameters(),
        MiniData.calibration(), ActivationSettings.int8());
    ActivationQuantization.Range image = a.inputs().get("fc1");
    // The first layer sees pixels in [0, 1]: scale 1/255 holds every pixel value exactly.
    assertThat(image.min()).isEqualTo(0.0);
    assertThat(image.max()).isEqualTo(1.0);
    assertThat(image.scale()).isEqualTo((float) (1.0 / 255));
    assertThat(image.zeroPoint()).isZero();
    // Hidden inputs come after a ReLU.
    assertThat(a.inputs().get("fc2").min()).isEqualTo(0.0);
    assertThat(a.inputs().get("fc2").max()).isGreaterThan(0.0);
    ActivationQuantization p = ActivationCalibration.calibrate(MiniData.teacher().architecture(), MiniData.teacher().parameters(),
        MiniData.calibration(), ActivationSettings.integer(8, ActivationSettings.Calibration.percentile(99.0)));
    assertThat(p.inputs().get("fc2").max()).isLessThan(a.inputs().get("fc2").max());
  }

  @Test
  void rangeAndPercentileByHand() {
    ActivationQuantization.Range r = ActivationCalibration.range(0, 2.55, 8);
    assertThat(r.scale()).isEqualTo((float) (2.55 / 255));
    assertThat(r.zeroPoint()).isZero();
    assertThat(r.qmax()).isEqualTo(255);
    // [-1, 3] at 2 bits: scale 4/3, zero-point rint(0.75) = 1.
    ActivationQuantization.Range s = ActivationCalibration.range(-1, 3, 2);
    assertThat(s.scale()).isEqualTo((float) (4.0 / 3));
    assertThat(s.zeroPoint()).isEqualTo(1);
    // Widened to contain zero.
    assertThat(ActivationCalibration.range(0.5, 2, 8).min()).isEqualTo(0.0);
    // numpy.percentile([1, 2, 3, 4], 50) = 2.5; ([1, 2, 3, 4], 90) = 3.7; ([0..100], 99.99) = 99.99.
    assertThat(ActivationCalibration.percentile(new float[] {1, 2, 3, 4}, 50)).isEqualTo(2.5);
    assertThat(ActivationCalibration.percentile(new float[] {1, 2, 3, 4}, 90)).isCloseTo(3.7, within(1e-12));
    float[] hundred = new float[101];
    for (int i = 0; i <= 100; i++) {
      hundred[i] = i;
    }
    assertThat(ActivationCalibration.percentile(hundred, 99.99)).isCloseTo(99.99, within(1e-9));
    assertThat(ActivationCalibration.percentile(hundred, 100)).isEqualTo(100.0);
  }

  @Test
  void aQuantizedModelIsNotQuantizedOrPrunedAgain() {
    ModelArtifact quantized = Quantization.apply(MiniData.teacher(), QuantizationSettings.weightsOnly(8), null, "cmd");
    assertThatThrownBy(() -> Quantization.apply(quantized, QuantizationSettings.weightsOnly(4), null, "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already quantized");
    assertThatThrownBy(() -> Pruning.apply(quantized, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 0, 1e-3, 128, 1),
        MiniData.train(), null, "cmd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("prune its float parent");
  }

  @Test
  void settingsParseAsUsersWriteThem() {
    assertThat(ActivationSettings.Calibration.parse("percentile:99.99", "x").percentile()).isEqualTo(99.99);
    assertThat(ActivationSettings.Calibration.parse("minmax", "x").method()).isEqualTo(ActivationSettings.Calibration.Method.MINMAX);
    assertThatThrownBy(() -> ActivationSettings.Calibration.parse("entropy", "--calibration"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--calibration");
    assertThatThrownBy(() -> ActivationSettings.integer(1, ActivationSettings.Calibration.minMax()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("activation bits");
    assertThat(Granularity.parse("per-tensor", "x")).isEqualTo(Granularity.PER_TENSOR);
    assertThat(QuantizationScheme.parse("affine", "x")).isEqualTo(QuantizationScheme.AFFINE);
  }
}
