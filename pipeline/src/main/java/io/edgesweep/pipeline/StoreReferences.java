package io.edgesweep.pipeline;

import io.edgesweep.compress.DistillStage;
import io.edgesweep.transforms.StageKinds;
import io.edgesweep.transforms.StageTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store entries a run uses: written into run.json as kind/key so that {@code store gc} knows
 * what every run folder still needs, and added up by {@link StoreGrowth} before the job starts.
 */
public final class StoreReferences {
  /** The run.json field that lists them. */
  public static final String FIELD = "store_entries";
  /** The run.json field with the store's identity ({@link io.edgesweep.transforms.ArtifactStore#id}). */
  public static final String STORE_ID = "artifact_store_id";

  private StoreReferences() {}

  /**
   * One entry the plan reads or writes.
   *
   * @param arch the architecture of the entry's model, or null when it holds no parameters (logits,
   *     an evaluation, a quantized leaf kept as its recipe)
   */
  public record Entry(String kind, String key, String arch) {
    public String id() {
      return kind + "/" + key;
    }
  }

  /** Every entry of the plan once, teacher first, in the order of the stage tree. */
  public static List<Entry> entries(SweepPlan plan) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    add(entries, new Entry(StageKinds.TEACHER, plan.teacher().key(), plan.teacherArch()));
    add(entries, new Entry(StageKinds.LOGITS, plan.teacher().logitsKey(), null));
    addTree(entries, plan.grid().roots(), plan.teacherArch());
    for (String sha : plan.data().all()) {
      add(entries, new Entry(SplitChecks.PASSED, SplitChecks.key(sha), null));
    }
    return new ArrayList<>(entries.values());
  }

  /** The entries as kind/key, for run.json. */
  public static List<String> of(SweepPlan plan) {
    return entries(plan).stream().map(Entry::id).toList();
  }

  /**
   * Each node's output (a node that passes its parent through has its parent's kind and key, so it
   * adds nothing new) and each leaf's evaluation; a distillation node sets the architecture of the
   * models below it.
   */
  private static void addTree(Map<String, Entry> entries, List<StageTask> tasks, String arch) {
    for (StageTask task : tasks) {
      String modelArch = task.choice() instanceof DistillStage.Choice student ? student.student() : arch;
      // A leaf that rounds its parent is stored as the recipe that rebuilds it: no parameters.
      add(entries, new Entry(task.outputKind(), task.key(), task.choice().roundsParent() && !task.passesThrough() ? null : modelArch));
      if (task.floatKey() != null) {
        add(entries, new Entry(task.floatKind(), task.floatKey(), modelArch));
      }
      if (task.isLeaf()) {
        add(entries, new Entry(StageKinds.EVALUATION, task.evaluationKey(), null));
      }
      addTree(entries, task.children(), modelArch);
    }
  }

  private static void add(Map<String, Entry> entries, Entry entry) {
    entries.putIfAbsent(entry.id(), entry);
  }
}
