package io.edgesweep.transforms;

import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.select.AccuracyComparison;
import io.edgesweep.select.Candidate;
import io.edgesweep.select.DevicePick;
import io.edgesweep.select.DeviceSelection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks a variant per device from all results, then measures each pick on the test split.
 *
 * <p>The test split is touched here and nowhere else, after the choice is made, so the test
 * accuracy reported for a pick is an unbiased estimate of how it will do; the validation accuracy
 * it was chosen by is reported beside it.
 */
public final class DeviceSelections {
  private final SweepSettings settings;

  public DeviceSelections(SweepSettings settings) {
    this.settings = settings;
  }

  private static AccuracyEstimate testAccuracy(StageRunner runner, VariantResult picked) throws IOException {
    return StageClock.time(StageClock.TEST, () -> runner.testAccuracy(picked.modelKind(), picked.modelKey()));
  }

  private static DevicePick pick(DeviceProfile device, List<VariantResult> variants) {
    List<Candidate> candidates = new ArrayList<>(variants.size());
    for (VariantResult v : variants) {
      candidates.add(v.devices().get(device.id()).candidate());
    }
    return DeviceSelection.select(device, candidates);
  }

  public SweepOutcome select(Iterable<VariantResult> results) throws IOException {
    List<VariantResult> variants = new ArrayList<>();
    results.forEach(variants::add);
    variants.sort(Comparator.comparing(VariantResult::id));
    Map<String, VariantResult> byId = new HashMap<>();
    variants.forEach(v -> byId.put(v.id(), v));
    StageRunner runner = new StageRunner(settings);
    Map<String, AccuracyEstimate> testByModel = new LinkedHashMap<>();
    List<SweepOutcome.DeviceOutcome> devices = new ArrayList<>();
    // Each device's choice only reads the variants: the choices are made side by side (this is the
    // job's one task at that point, and at ten thousand variants its longest part), in the devices'
    // order; the test split then measures the picks one after the other, each on every core.
    List<DeviceProfile> profiles = settings.devices();
    List<DevicePick> picks = profiles.parallelStream().map(device -> pick(device, variants)).toList();
    for (int i = 0; i < profiles.size(); i++) {
      DeviceProfile device = profiles.get(i);
      DevicePick pick = picks.get(i);
      VariantResult picked = pick.hasPick() ? byId.get(pick.pick().variantId()) : null;
      AccuracyEstimate test = null;
      if (picked != null) {
        String model = picked.modelKind() + "/" + picked.modelKey();
        test = testByModel.get(model);
        if (test == null) {
          test = testAccuracy(runner, picked);
          testByModel.put(model, test);
        }
      }
      devices.add(new SweepOutcome.DeviceOutcome(device, pick, picked, test, AccuracyComparison.indistinguishableNeighbours(pick.front())));
    }
    return new SweepOutcome(variants, devices);
  }
}
