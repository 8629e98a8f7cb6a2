package io.edgesweep.transforms;

import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Starts the sweep from its stage tree: one element per distinct node of the first stage kind,
 * each carrying the nodes below it.
 *
 * <p>The tree is built on the client (it needs only the spec and a few hashes), so every key is
 * known before anything runs and each later stage simply emits its children when it is done.
 */
public final class ExpandGrid extends PTransform<PBegin, PCollection<StageTask>> {
  private final List<StageTask> roots;

  public ExpandGrid(List<StageTask> roots) {
    this.roots = List.copyOf(roots);
  }

  @Override
  public PCollection<StageTask> expand(PBegin input) {
    return input.apply("FirstStage", Create.of(roots).withCoder(JavaObjectCoder.of(StageTask.class)));
  }
}
