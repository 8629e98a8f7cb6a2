package io.edgesweep.pipeline;

import io.edgesweep.compress.StageKind;
import io.edgesweep.report.RunFolderFiles;
import io.edgesweep.transforms.DeviceSelections;
import io.edgesweep.transforms.EvaluateVariants;
import io.edgesweep.transforms.LeafGroup;
import io.edgesweep.transforms.StageClock;
import io.edgesweep.transforms.StageCounters;
import io.edgesweep.transforms.StageKinds;
import io.edgesweep.transforms.StageRunner;
import io.edgesweep.transforms.StageTask;
import io.edgesweep.transforms.SweepOutcome;
import io.edgesweep.transforms.TeacherTask;
import io.edgesweep.transforms.VariantResult;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.metrics.MetricsContainerStepMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.joda.time.Duration;

/**
 * The sweep's stages called one after another on this thread, without Beam or Flink: the
 * baseline the runners' overhead is measured against ({@code sweep --runner plain},
 * bench/run-benchmarks.sh).
 *
 * <p>It calls exactly what the pipeline's DoFns call, in the pipeline's order (teacher and logits,
 * each stage kind level by level, the leaves' evaluation in the same groups of siblings, selection
 * with the test split, the run files), and times them with the same {@link StageClock}; the clock's Beam counters go to a
 * metrics container of its own, so run.json gets the same stage times and counts as a pipeline
 * run. It is what a user without a runner would write, so a runner that is much slower than this
 * loop on the same cores is spending time on itself.
 */
public final class PlainLoop {
  private static final String STEP = "plain-loop";

  private PlainLoop() {}

  /** Runs the whole plan; the result is already finished and carries the stage counters. */
  public static PipelineResult run(SweepPlan plan) throws IOException {
    MetricsContainerStepMap metrics = new MetricsContainerStepMap();
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(metrics.getContainer(STEP))) {
      StageRunner runner = new StageRunner(plan.settings());
      TeacherTask teacher = plan.teacher();
      StageRunner.TeacherOutcome prepared = StageClock.time(StageKinds.TEACHER, () -> runner.prepareTeacher(teacher));
      count("teacher", prepared.teacher());
      count("logits", prepared.logits());
      List<StageTask> level = plan.grid().roots();
      for (StageKind kind : plan.grid().kinds()) {
        List<StageTask> next = new ArrayList<>();
        for (StageTask task : level) {
          count(task.stage(), StageClock.time(task.stage(), () -> runner.run(task, teacher)));
          if (task.isLeaf()) {
            next.add(task);
          } else {
            next.addAll(task.children());
          }
        }
        level = next;
      }
      // As EvaluateVariants: the leaves of one parent in groups, each evaluated in one pass.
      Map<String, List<StageTask>> siblings = new LinkedHashMap<>();
      for (StageTask leaf : level) {
        siblings.computeIfAbsent(leaf.parentKind() + "/" + leaf.parentKey(), k -> new ArrayList<>()).add(leaf);
      }
      List<VariantResult> results = new ArrayList<>();
      for (List<StageTask> leaves : siblings.values()) {
        for (LeafGroup group : EvaluateVariants.split(leaves)) {
          for (StageRunner.LeafOutcome outcome : StageClock.time(StageCounters.EVALUATE, () -> runner.evaluate(group.leaves(), teacher))) {
            count(StageCounters.EVALUATE, outcome.evaluate());
            results.addAll(outcome.results());
          }
        }
      }
      DeviceSelections selections = new DeviceSelections(plan.settings());
      SweepOutcome outcome = StageClock.time(StageClock.SELECT, () -> selections.select(results));
      StageClock.time(StageClock.WRITE, () -> {
        RunFolderFiles.write(outcome, plan.stagingFolder(), SweepPipeline.metadata(plan));
        return null;
      });
    }
    return new Finished(MetricsContainerStepMap.asAttemptedOnlyMetricResults(metrics));
  }

  private static void count(String stage, StageRunner.Outcome outcome) {
    Metrics.counter(StageCounters.NAMESPACE, StageCounters.name(stage, outcome)).inc();
  }

  /** A run that ended before it was returned. */
  private record Finished(MetricResults metrics) implements PipelineResult {
    @Override
    public State getState() {
      return State.DONE;
    }

    @Override
    public State cancel() {
      return State.DONE;
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      return State.DONE;
    }

    @Override
    public State waitUntilFinish() {
      return State.DONE;
    }
  }
}
