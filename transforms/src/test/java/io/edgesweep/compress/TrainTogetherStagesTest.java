package io.edgesweep.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Students distilled together and models pruned and fine-tuned together, against the same done
 * one at a time: the same model files, byte for byte (weights, manifest, lineage, metrics).
 */
class TrainTogetherStagesTest {
  private static final Architecture STUDENT = Architecture.parse("mlp:784-32-10");
  private static final TrainingSettings TRAINING = new TrainingSettings(1, 128, 1e-3, true, 3);

  @Test
  void studentsDistilledTogetherEqualStudentsDistilledAlone() {
    ModelArtifact teacher = MiniData.teacher();
    List<Distiller.Student> students = List.of(
        student(STUDENT, null),
        student(STUDENT, 2.0),
        student(Architecture.parse(MiniData.TEACHER_ARCH), null), // the teacher itself
        student(STUDENT, 4.0));
    List<ModelArtifact> together = Distiller.distillTogether(teacher, MiniData.train(), students, "cmd");
    assertThat(together.get(2)).isSameAs(teacher);
    for (int i = 0; i < students.size(); i++) {
      Distiller.Student s = students.get(i);
      ModelArtifact alone = Distiller.distill(teacher, s.logits(), MiniData.train(), s.architecture(), s.settings(), "cmd");
      assertSameFiles(together.get(i), alone, "student " + i);
    }
    assertThat(together.get(0).parametersSha256()).isNotEqualTo(together.get(1).parametersSha256());
    assertJointPathRan(32);
  }

  @Test
  void fineTunesTogetherEqualFineTunesAlone() {
    ModelArtifact teacher = MiniData.teacher();
    ModelArtifact labels = Distiller.distill(teacher, null, MiniData.train(), STUDENT, settings(null), "cmd");
    ModelArtifact kd = Distiller.distill(teacher, MiniData.teacherLogits(), MiniData.train(), STUDENT, settings(4.0), "cmd");
    List<Pruning.Job> jobs = new ArrayList<>(List.of(
        job(labels, PruningMethod.MAGNITUDE_GLOBAL, 0.5, PruningSchedule.ONE_SHOT),
        job(kd, PruningMethod.MAGNITUDE_GLOBAL, 0.8, PruningSchedule.ONE_SHOT),
        job(kd, PruningMethod.MAGNITUDE_PER_LAYER, 0.9, PruningSchedule.GRADUAL), // its mask grows at each epoch
        job(labels, PruningMethod.STRUCTURED_L2, 0.5, PruningSchedule.ONE_SHOT), // alone: its architecture depends on the ratio
        job(kd, PruningMethod.MAGNITUDE_GLOBAL, 0.0, PruningSchedule.ONE_SHOT), // ratio 0: trained further
        job(teacher, PruningMethod.MAGNITUDE_GLOBAL, 0.5, PruningSchedule.ONE_SHOT), // another architecture: its own group
        job(teacher, PruningMethod.MAGNITUDE_GLOBAL, 0.9, PruningSchedule.ONE_SHOT)));
    jobs.add(new Pruning.Job(labels, new PruningSettings(PruningMethod.MAGNITUDE_GLOBAL, 0.5, 0, 1e-3, 128, 3), null)); // no fine-tune
    List<ModelArtifact> together = Pruning.applyTogether(jobs, MiniData.train(), "cmd");
    for (int i = 0; i < jobs.size(); i++) {
      Pruning.Job j = jobs.get(i);
      assertSameFiles(together.get(i), Pruning.apply(j.parent(), j.settings(), MiniData.train(), j.teacherLogits(), "cmd"), "job " + i);
    }
    assertJointPathRan(32);
    assertJointPathRan(300);
  }

  private static void assertSameFiles(ModelArtifact a, ModelArtifact b, String what) {
    Map<String, byte[]> x = a.files();
    Map<String, byte[]> y = b.files();
    assertThat(x.keySet()).as(what).isEqualTo(y.keySet());
    for (String name : x.keySet()) {
      assertThat(x.get(name)).as(what + " " + name).isEqualTo(y.get(name));
    }
  }

  private static void assertJointPathRan(int firstLayerOutputs) {
    assertThat(TrainingLoop.togetherShapeVerdicts()).anySatisfy((shape, exact) -> {
      assertThat(shape.outputs()).isEqualTo(firstLayerOutputs);
      assertThat(shape.variants()).isGreaterThan(1);
      assertThat(exact).isTrue();
    });
  }

  private static DistillationSettings settings(Double temperature) {
    return new DistillationSettings(temperature, temperature == null ? 0 : 0.7, TRAINING);
  }

  private static Distiller.Student student(Architecture architecture, Double temperature) {
    return new Distiller.Student(architecture, settings(temperature), temperature == null ? null : MiniData.teacherLogits());
  }

  private static Pruning.Job job(ModelArtifact parent, PruningMethod method, double ratio, PruningSchedule schedule) {
    return new Pruning.Job(parent, new PruningSettings(method, ratio, 2, 1e-3, 128, 3, schedule),
        FineTuneLoss.distillation(parent) == null ? null : MiniData.teacherLogits());
  }
}
