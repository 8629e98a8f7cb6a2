package io.edgesweep.transforms;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.evaluate.DeviceProfile;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What every stage of one sweep shares: the data, the store, the device profiles, the evaluation
 * batch size and the PyTorch thread count.
 *
 * <p>Each stage's own settings travel in its {@link io.edgesweep.compress.StageChoice}, inside the
 * stage tree. This travels inside each DoFn, so it holds paths and small values only; workers
 * load the data and models themselves, from paths every worker can read.
 *
 * @param dataFolder the dataset folder with the four splits
 * @param storeRoot the artifact store's root (a Beam FileSystems path)
 * @param threads PyTorch intra-op threads per task (with {@code shareCores}: for the work whose
 *     results would depend on it)
 * @param command the command line that started the sweep, recorded in every model's manifest
 * @param testSha256 the test split's SHA-256, which the stored test accuracies are keyed by (null:
 *     not stored)
 * @param shareCores whether tasks share the worker's cores among those running ({@link
 *     io.edgesweep.model.TorchRuntime#shareCores})
 */
public record SweepSettings(
    String dataFolder, String storeRoot, int evaluationBatchSize, List<DeviceProfile> devices, int threads, String command,
    String testSha256, boolean shareCores)
    implements Serializable {

  /** Settings without the test split's hash: test accuracies are then measured, never stored. */
  public SweepSettings(String dataFolder, String storeRoot, int evaluationBatchSize, List<DeviceProfile> devices, int threads, String command) {
    this(dataFolder, storeRoot, evaluationBatchSize, devices, threads, command, null, false);
  }

  public DatasetSplits splits() {
    return new DatasetSplits(Path.of(dataFolder));
  }

  public ArtifactStore store() {
    return new ArtifactStore(storeRoot);
  }
}
