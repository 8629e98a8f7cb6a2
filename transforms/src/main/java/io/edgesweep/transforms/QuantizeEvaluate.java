package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Quantizes each distinct leaf once, evaluates it on the validation split, estimates its cost on
 * every device, and emits one result per variant the leaf serves.
 */
public final class QuantizeEvaluate extends PTransform<PCollection<QuantizeTask>, PCollection<VariantResult>> {
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;

  public QuantizeEvaluate(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.settings = settings;
    this.teacher = teacher;
  }

  @Override
  public PCollection<VariantResult> expand(PCollection<QuantizeTask> tasks) {
    return tasks
        .apply("SpreadLeaves", Reshuffle.viaRandomKey())
        .apply("QuantizeAndEvaluateVariants", ParDo.of(new QuantizeEvaluateFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(VariantResult.class));
  }

  static final class QuantizeEvaluateFn extends StageFn<QuantizeTask, VariantResult> {
    QuantizeEvaluateFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      StageRunner.LeafOutcome outcome = runner.quantizeAndEvaluate(context.element(), context.sideInput(teacher));
      StageCounters.count("quantize", outcome.quantize());
      StageCounters.count("evaluate", outcome.evaluate());
      outcome.results().forEach(context::output);
    }
  }
}
