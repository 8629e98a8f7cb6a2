package io.edgesweep.pipeline;

import io.edgesweep.transforms.DistillTask;
import io.edgesweep.transforms.PruneTask;
import io.edgesweep.transforms.QuantizeTask;
import io.edgesweep.transforms.StageKinds;
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
   * @param arch the architecture of the entry's model, or null when it holds no model (logits, an evaluation)
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
    for (DistillTask distill : plan.grid().distillations()) {
      String arch = distill.identity() ? plan.teacherArch() : distill.student();
      add(entries, new Entry(distill.outputKind(), distill.key(), arch));
      for (PruneTask prune : distill.prunes()) {
        add(entries, new Entry(prune.outputKind(), prune.key(), arch));
        for (QuantizeTask leaf : prune.quantizations()) {
          // A leaf that leaves the model as it is has its parent's key and kind.
          add(entries, new Entry(leaf.identity() ? leaf.parentKind() : StageKinds.QUANTIZE, leaf.key(), arch));
          add(entries, new Entry(StageKinds.EVALUATION, leaf.evaluationKey(), null));
        }
      }
    }
    return new ArrayList<>(entries.values());
  }

  /** The entries as kind/key, for run.json. */
  public static List<String> of(SweepPlan plan) {
    return entries(plan).stream().map(Entry::id).toList();
  }

  private static void add(Map<String, Entry> entries, Entry entry) {
    entries.putIfAbsent(entry.id(), entry);
  }
}
