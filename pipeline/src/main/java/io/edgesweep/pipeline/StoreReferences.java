package io.edgesweep.pipeline;

import io.edgesweep.transforms.DistillTask;
import io.edgesweep.transforms.PruneTask;
import io.edgesweep.transforms.QuantizeTask;
import io.edgesweep.transforms.StageKinds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The store entries a run uses, as kind/key: written into run.json so that {@code store gc} knows
 * what every run folder still needs, and can delete the rest.
 */
public final class StoreReferences {
  /** The run.json field that lists them. */
  public static final String FIELD = "store_entries";
  /** The run.json field with the store's identity ({@link io.edgesweep.transforms.ArtifactStore#id}). */
  public static final String STORE_ID = "artifact_store_id";

  private StoreReferences() {}

  public static List<String> of(SweepPlan plan) {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(StageKinds.TEACHER + "/" + plan.teacher().key());
    entries.add(StageKinds.LOGITS + "/" + plan.teacher().logitsKey());
    for (DistillTask distill : plan.grid().distillations()) {
      entries.add(distill.outputKind() + "/" + distill.key());
      for (PruneTask prune : distill.prunes()) {
        entries.add(prune.outputKind() + "/" + prune.key());
        for (QuantizeTask leaf : prune.quantizations()) {
          // A leaf that leaves the model as it is has its parent's key and kind.
          entries.add((leaf.identity() ? leaf.parentKind() : StageKinds.QUANTIZE) + "/" + leaf.key());
          entries.add(StageKinds.EVALUATION + "/" + leaf.evaluationKey());
        }
      }
    }
    return List.copyOf(entries);
  }
}
