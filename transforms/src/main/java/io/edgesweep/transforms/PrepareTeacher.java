package io.edgesweep.transforms;

import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Puts the teacher and its train-split logits into the store, training the teacher first when the
 * spec asks for it; emits the task once both are there.
 */
public final class PrepareTeacher extends PTransform<PBegin, PCollection<TeacherTask>> {
  private final TeacherTask task;
  private final SweepSettings settings;

  public PrepareTeacher(TeacherTask task, SweepSettings settings) {
    this.task = task;
    this.settings = settings;
  }

  @Override
  public PCollection<TeacherTask> expand(PBegin input) {
    return input
        .apply("TeacherTask", Create.of(task).withCoder(JavaObjectCoder.of(TeacherTask.class)))
        .apply("TrainOrImportTeacher", ParDo.of(new PrepareTeacherFn(settings)))
        .setCoder(JavaObjectCoder.of(TeacherTask.class));
  }

  static final class PrepareTeacherFn extends DoFn<TeacherTask, TeacherTask> {
    private final SweepSettings settings;
    private transient StageRunner runner;

    PrepareTeacherFn(SweepSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      runner = new StageRunner(settings);
    }

    @ProcessElement
    public void process(@Element TeacherTask task, OutputReceiver<TeacherTask> out) throws Exception {
      StageRunner.TeacherOutcome outcome = StageClock.time(StageKinds.TEACHER, () -> runner.prepareTeacher(task));
      StageCounters.count("teacher", outcome.teacher());
      StageCounters.count("logits", outcome.logits());
      out.output(task);
    }
  }
}
