package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Free cores = cores minus what other processes keep busy, rounded, 1 to cores; hand-computed. */
class FreeCoresTest {
  @Test
  void othersBusyCoresAreTakenAway() {
    assertThat(FreeCores.of(2, 0.5, 0.5)).as("only this JVM is busy").isEqualTo(2);
    assertThat(FreeCores.of(2, 1.0, 0.2)).as("others keep 1.6 cores busy").isEqualTo(1);
    assertThat(FreeCores.of(8, 0.5, 0.125)).as("others keep 3 of 8 busy").isEqualTo(5);
    assertThat(FreeCores.of(4, 0.3, 0.1)).as("others 0.8 cores: 3.2 rounds to 3").isEqualTo(3);
    assertThat(FreeCores.of(4, 0.0, 0.0)).isEqualTo(4);
    assertThat(FreeCores.of(4, -1, 0.1)).as("not measurable: all cores").isEqualTo(4);
  }
}
