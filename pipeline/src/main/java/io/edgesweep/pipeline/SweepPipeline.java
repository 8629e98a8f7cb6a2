package io.edgesweep.pipeline;

import io.edgesweep.report.WriteRun;
import io.edgesweep.transforms.Distill;
import io.edgesweep.transforms.ExpandGrid;
import io.edgesweep.transforms.PrepareTeacher;
import io.edgesweep.transforms.Prune;
import io.edgesweep.transforms.QuantizeEvaluate;
import io.edgesweep.transforms.SelectPerDevice;
import io.edgesweep.transforms.TeacherTask;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Assembles the sweep: PrepareTeacher, then ExpandGrid, Distill, Prune, QuantizeEvaluate,
 * SelectPerDevice and Write.
 */
public final class SweepPipeline {
  private SweepPipeline() {}

  public static Pipeline build(Pipeline pipeline, SweepPlan plan) {
    PCollectionView<TeacherTask> teacher = pipeline
        .apply("PrepareTeacher", new PrepareTeacher(plan.teacher(), plan.settings()))
        .apply("TeacherReady", View.asSingleton());
    pipeline
        .apply("ExpandGrid", new ExpandGrid(plan.grid().distillations()))
        .apply("Distill", new Distill(plan.settings(), teacher))
        .apply("Prune", new Prune(plan.settings(), teacher))
        .apply("QuantizeEvaluate", new QuantizeEvaluate(plan.settings(), teacher))
        .apply("SelectPerDevice", new SelectPerDevice(plan.settings()))
        .apply("Write", new WriteRun(plan.stagingFolder().toString(), metadata(plan)));
    return pipeline;
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
