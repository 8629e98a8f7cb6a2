package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/** Prunes and fine-tunes each distinct (student, method, ratio) once; emits the quantizations that follow. */
public final class Prune extends PTransform<PCollection<PruneTask>, PCollection<QuantizeTask>> {
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;

  public Prune(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.settings = settings;
    this.teacher = teacher;
  }

  @Override
  public PCollection<QuantizeTask> expand(PCollection<PruneTask> tasks) {
    return tasks
        .apply("SpreadPrunes", Reshuffle.viaRandomKey())
        .apply("PruneVariants", ParDo.of(new PruneFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(QuantizeTask.class));
  }

  static final class PruneFn extends StageFn<PruneTask, QuantizeTask> {
    PruneFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      PruneTask task = context.element();
      StageCounters.count("prune", runner.prune(task, context.sideInput(teacher)));
      task.quantizations().forEach(context::output);
    }
  }
}
