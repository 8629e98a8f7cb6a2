package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactParametersTest {

  /** Two channels of 3-bit affine codes, a half tensor with a subnormal and infinity, a float bias. */
  private static Map<String, WeightCodes> codes() {
    Map<String, WeightCodes> codes = new LinkedHashMap<>();
    codes.put("w", new WeightCodes(new int[] {2, 3}, false, new int[] {-4, 0, 3, 1, 2, -1}, new float[] {0.5f, 0.25f}, new int[] {0, 1}));
    codes.put("h", new WeightCodes(new int[] {4}, true, new int[] {0x3c00, 0x0001, 0xfc00, 0x8000}, new float[0], new int[0]));
    return codes;
  }

  private static ParameterSet parameters() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("w", codes().get("w").values());
    tensors.put("bias", new Tensor(new int[] {2}, new float[] {0.1f, -3e-8f}));
    tensors.put("h", codes().get("h").values());
    return new ParameterSet(tensors);
  }

  @Test
  void codesDecodeToTheirValuesByHand() {
    // (code − zero-point) · scale per row; halves 1.0, 2^-24, −∞, −0.
    assertThat(codes().get("w").values().values()).containsExactly(-2f, 0f, 1.5f, 0f, 0.25f, -0.5f);
    float[] halves = codes().get("h").values().values();
    assertThat(halves).containsExactly(1f, 0x1.0p-24f, Float.NEGATIVE_INFINITY, -0f);
    assertThat(Float.floatToIntBits(halves[3])).isEqualTo(0x80000000);
  }

  @Test
  void aRoundTripGivesTheSameTensorsInTheSameOrder() {
    byte[] bytes = CompactParameters.encode(parameters(), codes());
    ParameterSet back = CompactParameters.decode(bytes, "p.codes");
    assertThat(back).isEqualTo(parameters());
    assertThat(back.names()).containsExactly("w", "bias", "h");
    // Same input, same bytes.
    assertThat(CompactParameters.encode(back, codes())).isEqualTo(bytes);
  }

  @Test
  void aTruncatedOrForeignFileIsNamed() {
    byte[] bytes = CompactParameters.encode(parameters(), codes());
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);
    assertThatThrownBy(() -> CompactParameters.decode(truncated, "store/quantize/k/parameters.codes"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("store/quantize/k/parameters.codes");
    assertThatThrownBy(() -> CompactParameters.decode(new byte[] {1, 2, 3}, "x")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void codesThatDoNotDecodeToTheModelAreRefusedOnWriteAndOnRead() {
    WeightCodes right = new WeightCodes(new int[] {2, 4}, false, new int[] {-1, 0, 1, 2, 3, 4, 5, -6}, new float[] {0.5f, 0.25f}, new int[] {0, 1});
    WeightCodes wrong = new WeightCodes(new int[] {2, 4}, false, new int[] {-1, 0, 1, 2, 3, 4, 5, -5}, new float[] {0.5f, 0.25f}, new int[] {0, 1});
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("fc1.weight", right.values());
    tensors.put("fc1.bias", new Tensor(new int[] {2}, new float[] {0.5f, -1f}));
    ModelArtifact model = ModelArtifact.create(Architecture.parse("mlp:4-2"), new ParameterSet(tensors), null, null, null, null, null, "cmd",
        null, null);
    assertThatThrownBy(() -> model.withCodes(Map.of("fc1.weight", wrong))).isInstanceOf(IllegalStateException.class);
    Map<String, byte[]> stored = model.withCodes(Map.of("fc1.weight", right)).storeFiles();
    assertThat(ModelArtifact.fromFiles(stored, "entry").parameters()).isEqualTo(model.parameters());
    // A codes file edited into another valid one no longer matches the manifest's hash.
    stored.put(ModelArtifact.PARAMETER_CODES, CompactParameters.encode(model.parameters(), Map.of("fc1.weight", wrong)));
    assertThatThrownBy(() -> ModelArtifact.fromFiles(stored, "entry")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not match the manifest");
  }
}
