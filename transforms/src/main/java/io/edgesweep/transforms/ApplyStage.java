package io.edgesweep.transforms;

import io.edgesweep.compress.StageKind;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Runs one stage kind on each distinct node of its level of the tree, and emits the nodes that
 * follow (a leaf emits itself, for evaluation).
 *
 * <p>One transform for every kind; the ParDo carries the kind's label ({@code DistillStudents}),
 * so the Flink web UI still names each stage. The Reshuffle first spreads the nodes over all task
 * slots; the teacher side input makes every stage wait until the teacher and its logits are stored.
 */
public final class ApplyStage extends PTransform<PCollection<StageTask>, PCollection<StageTask>> {
  private final StageKind kind;
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;

  public ApplyStage(StageKind kind, SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.kind = kind;
    this.settings = settings;
    this.teacher = teacher;
  }

  @Override
  public PCollection<StageTask> expand(PCollection<StageTask> tasks) {
    return tasks
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply(kind.label(), ParDo.of(new ApplyStageFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(StageTask.class));
  }

  static final class ApplyStageFn extends StageFn<StageTask, StageTask> {
    ApplyStageFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      StageTask task = context.element();
      StageCounters.count(task.stage(), StageClock.time(task.stage(), () -> runner.run(task, context.sideInput(teacher))));
      if (task.isLeaf()) {
        context.output(task);
      } else {
        task.children().forEach(context::output);
      }
    }
  }
}
