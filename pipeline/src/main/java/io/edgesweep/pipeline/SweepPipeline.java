package io.edgesweep.pipeline;

import io.edgesweep.report.WriteRun;
import io.edgesweep.compress.StageKind;
import io.edgesweep.transforms.ApplyStage;
import io.edgesweep.transforms.EvaluateVariants;
import io.edgesweep.transforms.ExpandGrid;
import io.edgesweep.transforms.PrepareTeacher;
import io.edgesweep.transforms.SelectPerDevice;
import io.edgesweep.transforms.StageTask;
import io.edgesweep.transforms.TeacherTask;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Assembles the sweep: PrepareTeacher, then ExpandGrid, one stage transform per stage kind of the
 * grid (Distill, Prune, Quantize, ...), Evaluate, SelectPerDevice and Write.
 */
public final class SweepPipeline {
  private SweepPipeline() {}

  public static Pipeline build(Pipeline pipeline, SweepPlan plan) {
    PCollectionView<TeacherTask> teacher = pipeline
        .apply("PrepareTeacher", new PrepareTeacher(plan.teacher(), plan.settings()))
        .apply("TeacherReady", View.asSingleton());
    PCollection<StageTask> nodes = pipeline.apply("ExpandGrid", new ExpandGrid(plan.grid().roots()));
    // Training groups (off by default) are spread over at least as many tasks as the job has slots.
    SweepOptions options = pipeline.getOptions().as(SweepOptions.class);
    int slots = options.getParallelism() > 0 ? options.getParallelism() : Runtime.getRuntime().availableProcessors();
    int trainingSlots = options.getTrainTogether() ? slots : 0;
    for (StageKind kind : plan.grid().kinds()) {
      nodes = nodes.apply(capitalized(kind.name()), new ApplyStage(kind, plan.settings(), teacher, trainingSlots));
    }
    nodes
        .apply("Evaluate", new EvaluateVariants(plan.settings(), teacher))
        .apply("SelectPerDevice", new SelectPerDevice(plan.settings()))
        .apply("Write", new WriteRun(plan.stagingFolder().toString(), metadata(plan)));
    return pipeline;
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  static Map<String, String> metadata(SweepPlan plan) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("edgesweep.sweep", plan.spec().name());
    m.put("edgesweep.spec", plan.spec().file());
    m.put("edgesweep.teacher_key", plan.teacher().key());
    m.put("edgesweep.teacher_arch", plan.teacherArch());
    m.put("edgesweep.data", plan.settings().dataFolder());
    return m;
  }
}
