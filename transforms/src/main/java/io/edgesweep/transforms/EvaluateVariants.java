package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Evaluates each distinct leaf once on the validation split, estimates its cost on every device,
 * and emits one result per variant the leaf serves.
 */
public final class EvaluateVariants extends PTransform<PCollection<StageTask>, PCollection<VariantResult>> {
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;

  public EvaluateVariants(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.settings = settings;
    this.teacher = teacher;
  }

  @Override
  public PCollection<VariantResult> expand(PCollection<StageTask> leaves) {
    return leaves
        .apply("SpreadLeaves", Reshuffle.viaRandomKey())
        .apply("EvaluateVariants", ParDo.of(new EvaluateFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(VariantResult.class));
  }

  static final class EvaluateFn extends StageFn<StageTask, VariantResult> {
    EvaluateFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      StageRunner.LeafOutcome outcome = StageClock.time(StageCounters.EVALUATE,
          () -> runner.evaluate(context.element(), context.sideInput(teacher)));
      StageCounters.count(StageCounters.EVALUATE, outcome.evaluate());
      outcome.results().forEach(context::output);
    }
  }
}
