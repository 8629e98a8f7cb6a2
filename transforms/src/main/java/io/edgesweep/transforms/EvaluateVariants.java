package io.edgesweep.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Evaluates each distinct leaf once on the validation split, estimates its cost on every device,
 * and emits one result per variant the leaf serves.
 *
 * <p>The leaves of one parent (its bit widths, say) are evaluated together, in groups of at most
 * {@link TaskGroup#MAX_GROUP}: one pass over the validation split for all of them, their first layers in one
 * wide product ({@link io.edgesweep.model.VariantBatch}), with the results of one at a time. The
 * groups are then spread over the task slots.
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
        .apply("ByParent", WithKeys.of((StageTask leaf) -> leaf.parentKind() + "/" + leaf.parentKey()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JavaObjectCoder.of(StageTask.class)))
        .apply("GroupSiblings", GroupByKey.create())
        .apply("SplitGroups", ParDo.of(new SplitFn()))
        .setCoder(JavaObjectCoder.of(LeafGroup.class))
        .apply("SpreadGroups", Reshuffle.viaRandomKey())
        .apply("EvaluateVariants", ParDo.of(new EvaluateFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(VariantResult.class));
  }

  /** Cuts a parent's leaves into near-equal groups of at most {@link TaskGroup#MAX_GROUP}, in key order. */
  public static List<LeafGroup> split(List<StageTask> leaves) {
    return TaskGroup.cut(leaves, java.util.Comparator.comparing(StageTask::evaluationKey), 1).stream().map(LeafGroup::new).toList();
  }

  static final class SplitFn extends DoFn<KV<String, Iterable<StageTask>>, LeafGroup> {
    @ProcessElement
    public void process(ProcessContext context) {
      List<StageTask> leaves = new ArrayList<>();
      context.element().getValue().forEach(leaves::add);
      split(leaves).forEach(context::output);
    }
  }

  static final class EvaluateFn extends StageFn<LeafGroup, VariantResult> {
    EvaluateFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      List<StageRunner.LeafOutcome> outcomes = StageClock.time(StageCounters.EVALUATE,
          () -> runner.evaluate(context.element().leaves(), context.sideInput(teacher)));
      for (StageRunner.LeafOutcome outcome : outcomes) {
        StageCounters.count(StageCounters.EVALUATE, outcome.evaluate());
        outcome.results().forEach(context::output);
      }
    }
  }
}
