package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same bits means what two parameter files would hash to alike, which is stricter than equals. */
class ParameterSetSameBitsTest {
  @Test
  void sameNamesOrderShapesAndBitsOnly() {
    ParameterSet a = set("w", new Tensor(new int[] {2, 2}, new float[] {1f, -2f, 0f, 3.5f}), "b", new Tensor(new int[] {2}, new float[] {0.25f, 1f}));
    assertThat(a.sameBits(a.copy())).isTrue();
    // One value a bit off.
    ParameterSet off = a.copy();
    off.get("b").values()[1] = Math.nextUp(1f);
    assertThat(a.sameBits(off)).isFalse();
    // Negative zero in place of zero: equal as numbers (and to equals), not as bits.
    ParameterSet negativeZero = a.copy();
    negativeZero.get("w").values()[2] = -0f;
    assertThat(negativeZero).isNotEqualTo(a); // Arrays.equals already tells the zeros apart
    assertThat(a.sameBits(negativeZero)).isFalse();
    // Two NaNs of different payloads: equals takes them for one, their files differ.
    ParameterSet nan1 = a.copy();
    nan1.get("w").values()[0] = Float.intBitsToFloat(0x7fc00001);
    ParameterSet nan2 = a.copy();
    nan2.get("w").values()[0] = Float.intBitsToFloat(0x7fc00002);
    assertThat(nan1).isEqualTo(nan2);
    assertThat(nan1.sameBits(nan2)).isFalse();
    assertThat(nan1.sameBits(nan1.copy())).isTrue();
    // The same tensors in another order, or reshaped.
    assertThat(a.sameBits(set("b", a.get("b"), "w", a.get("w")))).isFalse();
    assertThat(a.sameBits(set("w", new Tensor(new int[] {4}, a.get("w").values().clone()), "b", a.get("b")))).isFalse();
  }

  private static ParameterSet set(String n1, Tensor t1, String n2, Tensor t2) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put(n1, t1);
    m.put(n2, t2);
    return new ParameterSet(m);
  }
}
