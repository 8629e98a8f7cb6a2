package io.edgesweep.model;

import io.edgesweep.data.ImageDataset;
import java.util.List;
import java.util.Map;

/** Models as PyTorch initializes them from a seed, as artifacts: what tests that run models without training them need. */
final class UntrainedModels {
  private UntrainedModels() {}

  /** {@code arch} with PyTorch's default initialization from {@code seed}, for images like {@code data}'s. */
  static ModelArtifact of(Architecture arch, long seed, ImageDataset data) {
    return ModelArtifact.create(arch, Initialization.pytorchDefault(arch, seed), null, null, data.shape(), data.classNames(),
        List.of(new LineageEntry.Other(Map.of("stage", "init", "seed", seed))), "test", Map.of(), Map.of());
  }
}
