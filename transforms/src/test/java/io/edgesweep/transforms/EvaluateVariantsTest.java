package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluateVariantsTest {
  @Test
  void aParentsLeavesAreCutIntoNearEqualGroupsOfAtMostEightWhateverTheirArrivalOrder() {
    assertThat(sizes(1)).containsExactly(1);
    assertThat(sizes(8)).containsExactly(8);
    assertThat(sizes(9)).containsExactly(4, 5);
    assertThat(sizes(17)).containsExactly(5, 6, 6);
    List<StageTask> leaves = leaves(17);
    List<StageTask> shuffled = new ArrayList<>(leaves);
    Collections.shuffle(shuffled, new Random(3));
    List<LeafGroup> groups = EvaluateVariants.split(shuffled);
    assertThat(groups).isEqualTo(EvaluateVariants.split(leaves));
    assertThat(groups.stream().flatMap(g -> g.leaves().stream()).toList()).isEqualTo(leaves);
  }

  private static List<Integer> sizes(int leaves) {
    return EvaluateVariants.split(leaves(leaves)).stream().map(g -> g.leaves().size()).toList();
  }

  /** Leaves keyed k00, k01, ...: only their evaluation keys matter to the split. */
  private static List<StageTask> leaves(int count) {
    List<StageTask> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "k%02d".formatted(i);
      leaves.add(new StageTask(key, "quantize", "prune", "p", null, "prune", "p", List.of(), List.of(), key, List.of()));
    }
    return leaves;
  }
}
