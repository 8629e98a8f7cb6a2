package io.edgesweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How long a sweep like a finished one would take with more task slots, from its run.json: each
 * stage's width (tasks) and mean time per task, the barrier between stages, and the time the
 * measured run spent outside its stage tasks.
 *
 * <p>On a cluster every exchange is blocking (BATCH_FORCED), so a stage starts when the one before
 * it has finished everywhere: with S slots, a stage of w tasks of t seconds takes ceil(w / S) x t,
 * and slots beyond the widest stage stay idle. The predicted job time with S slots is the sum of
 * that over the stages plus the measured run's time outside them (job start, scheduling, exchanges,
 * shutdown: its wall time minus the same sum at its own parallelism), which does not shrink with
 * more slots. Per-task times are the measured ones, so a prediction holds for slots as fast as the
 * measured run's (one core each, as the bundled cluster's TaskManagers have). Given the cores the
 * slots share ({@link #predict(int, int)}), more slots than cores stretch every task by slots /
 * cores, as time-slicing does.
 *
 * @param stages the stages in the order they ran
 * @param measuredSlots the measured run's parallelism
 * @param measuredSeconds the measured run's job wall time
 */
public record ScalingModel(List<Stage> stages, int measuredSlots, double measuredSeconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One stage of the measured run.
   *
   * @param tasks its width: how many tasks it ran
   * @param secondsPerTask mean wall seconds of one task
   */
  public record Stage(String name, long tasks, double secondsPerTask) {}

  /** What the model predicts for a number of slots. */
  public record Prediction(int slots, double seconds, double speedup, double slotUse) {}

  public ScalingModel {
    stages = List.copyOf(stages);
    if (measuredSlots < 1) {
      throw new IllegalArgumentException("the measured run's parallelism must be at least 1, got " + measuredSlots);
    }
  }

  /** Reads the stage widths and times of a run folder's run.json (sweeps since issue 15 write stage_times). */
  public static ScalingModel of(Path runJson) throws IOException {
    JsonNode run = JSON.readTree(Files.readAllBytes(runJson));
    JsonNode times = run.path("stage_times");
    if (!times.isObject() || times.isEmpty()) {
      throw new InvalidInputException(runJson.toString(), "stage_times", "is missing: the run was made before stage times were recorded; run the sweep again");
    }
    List<Stage> stages = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = times.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      long tasks = e.getValue().path("tasks").asLong();
      if (tasks > 0) {
        stages.add(new Stage(e.getKey(), tasks, e.getValue().path("wall_seconds").asDouble() / tasks));
      }
    }
    int parallelism = run.path("parallelism").asInt(1);
    return new ScalingModel(stages, parallelism < 1 ? 1 : parallelism, run.path("wall_seconds").asDouble());
  }

  /** Seconds of stage work with {@code slots} slots and a barrier after every stage. */
  public double stageSeconds(int slots) {
    double sum = 0;
    for (Stage s : stages) {
      sum += Math.ceil((double) s.tasks() / slots) * s.secondsPerTask();
    }
    return sum;
  }

  /** The measured run's time outside its stages: it does not shrink with more slots. */
  public double overheadSeconds() {
    return Math.max(0, measuredSeconds - stageSeconds(measuredSlots));
  }

  /** Slot-seconds of work: every task's time once. */
  public double workSeconds() {
    return stages.stream().mapToDouble(s -> s.tasks() * s.secondsPerTask()).sum();
  }

  /** The widest stage's tasks: more slots than this never help. */
  public long widestStage() {
    return stages.stream().mapToLong(Stage::tasks).max().orElse(1);
  }

  /**
   * The predicted job time with {@code slots} slots, its speedup over one slot, and the share of
   * slot time spent in tasks (1.0 = no slot ever idle).
   */
  public Prediction predict(int slots) {
    return predict(slots, Integer.MAX_VALUE);
  }

  /** As {@link #predict(int)}, with the slots sharing {@code cores} cores. */
  public Prediction predict(int slots, int cores) {
    double stretch = Math.max(1.0, (double) slots / cores);
    double seconds = overheadSeconds() + stageSeconds(slots) * stretch;
    double one = overheadSeconds() + stageSeconds(1);
    return new Prediction(slots, seconds, one / seconds, workSeconds() / (slots * seconds));
  }
}
