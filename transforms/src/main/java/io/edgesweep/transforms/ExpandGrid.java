package io.edgesweep.transforms;

import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Starts the sweep from its stage tree: one element per distinct distillation, each carrying the
 * prunes and quantizations below it.
 *
 * <p>The tree is built on the client (it needs only the spec and a few hashes), so every key is
 * known before anything runs and each later stage simply emits its children when it is done.
 */
public final class ExpandGrid extends PTransform<PBegin, PCollection<DistillTask>> {
  private final List<DistillTask> distillations;

  public ExpandGrid(List<DistillTask> distillations) {
    this.distillations = List.copyOf(distillations);
  }

  @Override
  public PCollection<DistillTask> expand(PBegin input) {
    return input.apply("Distillations", Create.of(distillations).withCoder(JavaObjectCoder.of(DistillTask.class)));
  }
}
