package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Trains each distinct student once and emits the prunes that follow from it.
 *
 * <p>The Reshuffle first spreads the students over all task slots; the teacher side input makes
 * every distillation wait until the teacher and its logits are in the store.
 */
public final class Distill extends PTransform<PCollection<DistillTask>, PCollection<PruneTask>> {
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;

  public Distill(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.settings = settings;
    this.teacher = teacher;
  }

  @Override
  public PCollection<PruneTask> expand(PCollection<DistillTask> tasks) {
    return tasks
        .apply("SpreadStudents", Reshuffle.viaRandomKey())
        .apply("DistillStudents", ParDo.of(new DistillFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(PruneTask.class));
  }

  static final class DistillFn extends StageFn<DistillTask, PruneTask> {
    DistillFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      DistillTask task = context.element();
      StageCounters.count("distill", runner.distill(task, context.sideInput(teacher)));
      task.prunes().forEach(context::output);
    }
  }
}
