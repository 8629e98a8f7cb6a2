package io.edgesweep.select;

import static io.edgesweep.select.Candidates.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  @Test
  void keepsExactlyTheNonDominatedPoints() {
    // (accuracy/1000, bytes, ms):
    // a (900, 100, 5)   front: most accurate
    // b (850,  50, 5)   front: smaller than a
    // c (850,  60, 5)   dominated by b (same accuracy and latency, more bytes)
    // d (800,  50, 2)   front: fastest
    // e (800,  50, 3)   dominated by d (slower, otherwise equal)
    // f (700, 200, 9)   dominated by everyone above
    // g (860,  50, 6)   front: beats b on accuracy, loses on latency
    List<Candidate> all = List.of(of("a", 900, 100, 5), of("b", 850, 50, 5), of("c", 850, 60, 5), of("d", 800, 50, 2),
        of("e", 800, 50, 3), of("f", 700, 200, 9), of("g", 860, 50, 6));
    List<Candidate> front = ParetoFront.of(all);
    // Listed by bytes, then latency, then accuracy descending: d (50, 2), b (50, 5), g (50, 6), a (100, 5).
    assertThat(front).extracting(Candidate::variantId).containsExactly("d", "b", "g", "a");
  }

  @Test
  void duplicatesAreAllKept() {
    // x and y are identical in all three metrics (say, 6- and 8-bit variants that store alike):
    // neither dominates the other, so both stay; z is dominated by both.
    List<Candidate> front = ParetoFront.of(List.of(of("y", 880, 70, 4), of("x", 880, 70, 4), of("z", 870, 70, 4)));
    assertThat(front).extracting(Candidate::variantId).containsExactly("x", "y");
  }

  @Test
  void tiesInOneMetricNeedStrictGainElsewhere() {
    // Equal accuracy and bytes, p faster: p dominates q. Equal everywhere but accuracy: the more accurate wins.
    assertThat(ParetoFront.dominates(of("p", 800, 10, 1), of("q", 800, 10, 2))).isTrue();
    assertThat(ParetoFront.dominates(of("q", 800, 10, 2), of("p", 800, 10, 1))).isFalse();
    assertThat(ParetoFront.dominates(of("r", 801, 10, 1), of("p", 800, 10, 1))).isTrue();
    assertThat(ParetoFront.dominates(of("p", 800, 10, 1), of("p2", 800, 10, 1))).isFalse();
    assertThat(ParetoFront.of(List.of())).isEmpty();
  }

  @Test
  void frontInvariantsHoldOnRandomSets() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      List<Candidate> all = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        // Coarse values so that ties and duplicates are common.
        all.add(of("v" + i, 700 + 10 * random.nextInt(10), 10L * (1 + random.nextInt(8)), 1 + random.nextInt(6)));
      }
      List<Candidate> front = ParetoFront.of(all);
      assertThat(front).isNotEmpty();
      for (Candidate c : all) {
        boolean dominated = all.stream().anyMatch(o -> ParetoFront.dominates(o, c));
        assertThat(front.contains(c)).as(c.variantId()).isEqualTo(!dominated);
      }
      // The order of the input does not change the front.
      List<Candidate> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, random);
      assertThat(ParetoFront.of(shuffled)).isEqualTo(front);
    }
  }
}
