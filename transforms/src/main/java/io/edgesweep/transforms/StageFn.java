package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * What the stage and evaluation DoFns share: the sweep's settings, the teacher
 * side input, and a {@link StageRunner} set up once per DoFn instance.
 *
 * <p>The runner's heavy state (the loaded splits, teacher and logits) is cached per worker JVM,
 * so setting up another instance costs nothing; models are opened and closed per task.
 */
abstract class StageFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  final SweepSettings settings;
  final PCollectionView<TeacherTask> teacher;
  transient StageRunner runner;

  StageFn(SweepSettings settings, PCollectionView<TeacherTask> teacher) {
    this.settings = settings;
    this.teacher = teacher;
  }

  @Setup
  public void setup() {
    runner = new StageRunner(settings);
  }
}
