package io.edgesweep.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class IntegerKernelsTest {
  @Test
  void onlyAvx2WithoutVnniMaySaturate() {
    assertThat(IntegerKernels.saturationPossible(Set.of("fma", "avx2", "sha_ni"))).isTrue();
    assertThat(IntegerKernels.saturationPossible(Set.of("avx2", "avx512f", "avx512_vnni"))).isFalse();
    assertThat(IntegerKernels.saturationPossible(Set.of("avx2", "avx_vnni"))).isFalse();
    assertThat(IntegerKernels.saturationPossible(Set.of())).as("flags not readable, or not x86").isFalse();
    assertThat(IntegerKernels.tolerance(true)).isEqualTo(0.02);
    assertThat(IntegerKernels.tolerance(false)).isEqualTo(0.001);
  }
}
