package io.edgesweep.transforms;

import io.edgesweep.compress.StageKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Runs one stage kind on each distinct node of its level of the tree, and emits the nodes that
 * follow (a leaf emits itself, for evaluation).
 *
 * <p>One transform for every kind; the ParDo carries the kind's label ({@code DistillStudents}),
 * so the Flink web UI still names each stage. By default every node is a task of its own. With
 * training groups on (the sweep option {@code --trainTogether}; off by default, as it measured no
 * faster), nodes whose models can train together (the same {@link
 * io.edgesweep.compress.StageChoice#trainingGroup}: students of one architecture, the fine-tunes
 * of one architecture) are grouped and cut into near-equal groups ({@link #split}), each one task
 * that trains its models in one pass over the data; every other node is still a task of its own.
 * The tasks are then spread over all task slots; the teacher side input makes every stage wait
 * until the teacher and its logits are stored.
 */
public final class ApplyStage extends PTransform<PCollection<StageTask>, PCollection<StageTask>> {
  private static final String ALONE = "alone ";

  private final StageKind kind;
  private final SweepSettings settings;
  private final PCollectionView<TeacherTask> teacher;
  private final int slots;

  /** Every node a task of its own. */
  public ApplyStage(StageKind kind, SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this(kind, settings, teacher, 0);
  }

  /**
   * @param slots 0: every node a task of its own; else nodes train together in groups, each group
   *     spread over this many tasks where it has that many models
   */
  public ApplyStage(StageKind kind, SweepSettings settings, PCollectionView<TeacherTask> teacher, int slots) {
    this.kind = kind;
    this.settings = settings;
    this.teacher = teacher;
    this.slots = Math.max(0, slots);
  }

  @Override
  public PCollection<StageTask> expand(PCollection<StageTask> tasks) {
    PCollection<TaskGroup> groups = slots == 0
        ? tasks
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply("Alone", MapElements.into(TypeDescriptor.of(TaskGroup.class)).via((StageTask task) -> new TaskGroup(List.of(task))))
            .setCoder(JavaObjectCoder.of(TaskGroup.class))
        : trainingGroups(tasks);
    return groups
        .apply(kind.label(), ParDo.of(new ApplyStageFn(settings, teacher)).withSideInputs(teacher))
        .setCoder(JavaObjectCoder.of(StageTask.class));
  }

  private PCollection<TaskGroup> trainingGroups(PCollection<StageTask> tasks) {
    int spread = slots;
    return tasks
        .apply("ByTrainingGroup", WithKeys.of(ApplyStage::groupKey).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), JavaObjectCoder.of(StageTask.class)))
        .apply("GroupTraining", GroupByKey.create())
        .apply("SplitGroups", ParDo.of(new SplitFn(spread)))
        .setCoder(JavaObjectCoder.of(TaskGroup.class))
        .apply("Spread", Reshuffle.viaRandomKey());
  }

  /** The node's training group, or a key of its own when it trains (or passes through) alone. */
  static String groupKey(StageTask task) {
    String group = task.passesThrough() ? null : task.choice().trainingGroup(task.ancestors());
    return group == null ? ALONE + task.key() : task.stage() + " " + group;
  }

  /**
   * Cuts the nodes of one training group into near-equal groups, in key order so the groups do not
   * depend on arrival order: as many groups as slots (while there are nodes for them), more when a
   * group would exceed {@link TaskGroup#MAX_GROUP}. Three students on two slots: 1 + 2; twelve fine-tunes: 6
   * + 6.
   */
  public static List<TaskGroup> split(List<StageTask> tasks, int slots) {
    return TaskGroup.cut(tasks, Comparator.comparing(StageTask::key), slots).stream().map(TaskGroup::new).toList();
  }

  static final class SplitFn extends DoFn<KV<String, Iterable<StageTask>>, TaskGroup> {
    private final int slots;

    SplitFn(int slots) {
      this.slots = slots;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      List<StageTask> tasks = new ArrayList<>();
      context.element().getValue().forEach(tasks::add);
      if (context.element().getKey().startsWith(ALONE)) {
        tasks.forEach(t -> context.output(new TaskGroup(List.of(t))));
      } else {
        split(tasks, slots).forEach(context::output);
      }
    }
  }

  static final class ApplyStageFn extends StageFn<TaskGroup, StageTask> {
    ApplyStageFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
      super(settings, teacher);
    }

    @ProcessElement
    public void process(ProcessContext context) throws Exception {
      List<StageTask> tasks = context.element().tasks();
      String stage = tasks.get(0).stage();
      List<StageRunner.Outcome> outcomes = StageClock.time(stage, () -> runner.run(tasks, context.sideInput(teacher)));
      for (int i = 0; i < tasks.size(); i++) {
        StageTask task = tasks.get(i);
        StageCounters.count(task.stage(), outcomes.get(i));
        if (task.isLeaf()) {
          context.output(task);
        } else {
          task.children().forEach(context::output);
        }
      }
    }
  }
}
