package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.DistillStage;
import io.edgesweep.compress.DistillationSettings;
import io.edgesweep.compress.PruneStage;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.PruningSettings;
import io.edgesweep.compress.StageChoice;
import io.edgesweep.compress.StageInputs;
import io.edgesweep.model.TrainingSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which stage nodes train together, and how a training group is cut over the slots. */
class ApplyStageTest {
  private static final TrainingSettings TRAINING = new TrainingSettings(5, 128, 1e-3, true, 7);

  @Test
  void aTrainingGroupIsCutOverTheSlotsInGroupsOfAtMostEightWhateverTheArrivalOrder() {
    assertThat(sizes(1, 2)).containsExactly(1);
    assertThat(sizes(3, 2)).containsExactly(1, 2);
    assertThat(sizes(12, 2)).containsExactly(6, 6);
    assertThat(sizes(20, 2)).containsExactly(6, 7, 7);
    assertThat(sizes(12, 1)).containsExactly(6, 6);
    assertThat(sizes(8, 1)).containsExactly(8);
    assertThat(sizes(3, 4)).containsExactly(1, 1, 1);
    List<StageTask> tasks = tasks(20, null);
    List<StageTask> shuffled = new ArrayList<>(tasks);
    Collections.shuffle(shuffled, new Random(3));
    assertThat(ApplyStage.split(shuffled, 2)).isEqualTo(ApplyStage.split(tasks, 2));
    assertThat(ApplyStage.split(shuffled, 2).stream().flatMap(g -> g.tasks().stream()).toList()).isEqualTo(tasks);
  }

  @Test
  void studentsOfOneDenseArchitectureAndOneTrainingShareAGroup() {
    String t2 = ApplyStage.groupKey(task(student("mlp:784-100-10", 2.0), List.of()));
    assertThat(ApplyStage.groupKey(task(student("mlp:784-100-10", null), List.of()))).isEqualTo(t2);
    assertThat(ApplyStage.groupKey(task(student("mlp:784-100-10", 4.0), List.of()))).isEqualTo(t2);
    assertThat(ApplyStage.groupKey(task(student("mlp:784-300-100-10", 4.0), List.of()))).isNotEqualTo(t2);
    // another training (here the seed) starts elsewhere and shuffles otherwise
    DistillStage.Choice otherSeed = new DistillStage.Choice("mlp:784-100-10",
        new DistillationSettings(2.0, 0.7, new TrainingSettings(5, 128, 1e-3, true, 8)), false);
    assertThat(ApplyStage.groupKey(task(otherSeed, List.of()))).isNotEqualTo(t2);
    // convolutions and the teacher passed through train alone
    assertThat(ApplyStage.groupKey(task(student("lenet5", 2.0), List.of()))).startsWith("alone ");
    assertThat(ApplyStage.groupKey(task(new DistillStage.Choice("mlp:784-100-10", settings(null), true), List.of()))).startsWith("alone ");
  }

  @Test
  void magnitudeFineTunesOfOneArchitectureShareAGroupWhateverTheirParentAndRatio() {
    List<StageInputs.Ancestor> underT2 = path(student("mlp:784-100-10", 2.0));
    List<StageInputs.Ancestor> underT4 = path(student("mlp:784-100-10", 4.0));
    String key = ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 1e-3), underT2));
    assertThat(key).startsWith("prune ");
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 1e-3), underT4))).isEqualTo(key);
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_PER_LAYER, 0.8, 1e-3), underT4))).isEqualTo(key);
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 5e-4), underT4))).isNotEqualTo(key);
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.9, 1e-3), path(student("mlp:784-300-100-10", 2.0)))))
        .isNotEqualTo(key);
    // structured pruning narrows by ratio, ratio 0 passes through, a conv parent trains alone
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.STRUCTURED_L2, 0.5, 1e-3), underT2))).startsWith("alone ");
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.0, 1e-3), underT2))).startsWith("alone ");
    assertThat(ApplyStage.groupKey(task(prune(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 1e-3), path(student("lenet5", 2.0)))))
        .startsWith("alone ");
  }

  private static DistillationSettings settings(Double temperature) {
    return new DistillationSettings(temperature, temperature == null ? 0 : 0.7, TRAINING);
  }

  private static DistillStage.Choice student(String arch, Double temperature) {
    return new DistillStage.Choice(arch, settings(temperature), false);
  }

  private static PruneStage.Choice prune(PruningMethod method, double ratio, double learningRate) {
    return new PruneStage.Choice(new PruningSettings(method, ratio, 1, learningRate, 128, 7,
        io.edgesweep.compress.PruningSchedule.ONE_SHOT));
  }

  private static List<StageInputs.Ancestor> path(StageChoice parent) {
    return List.of(new StageInputs.Ancestor(null, "teacher", "t"), new StageInputs.Ancestor(parent, "distill", "d" + parent.hashCode()));
  }

  private static StageTask task(StageChoice choice, List<StageInputs.Ancestor> path) {
    return new StageTask("k" + choice.hashCode(), choice.kind().name(), "teacher", "t", choice, null, null, path, List.of(), null, List.of());
  }

  private static List<Integer> sizes(int count, int slots) {
    return ApplyStage.split(tasks(count, null), slots).stream().map(g -> g.tasks().size()).toList();
  }

  /** Nodes keyed k00, k01, ...: only their keys matter to the split. */
  private static List<StageTask> tasks(int count, StageChoice choice) {
    List<StageTask> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(new StageTask("k%02d".formatted(i), "prune", "distill", "p", choice, null, null, List.of(), List.of(), null, List.of()));
    }
    return tasks;
  }
}
