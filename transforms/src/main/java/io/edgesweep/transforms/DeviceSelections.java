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

  public SweepOutcome select(Iterable<VariantResult> results) throws IOException {
    List<VariantResult> variants = new ArrayList<>();
    results.forEach(variants::add);
    variants.sort(Comparator.comparing(VariantResult::id));
    Map<String, VariantResult> byId = new HashMap<>();
    variants.forEach(v -> byId.put(v.id(), v));
    StageRunner runner = new StageRunner(settings);
    Map<String, AccuracyEstimate> testByModel = new LinkedHashMap<>();
    List<SweepOutcome.DeviceOutcome> devices = new ArrayList<>();
    for (DeviceProfile device : settings.devices()) {
      List<Candidate> candidates = new ArrayList<>();
      for (VariantResult v : variants) {
        candidates.add(v.devices().get(device.id()).candidate());
      }
      DevicePick pick = DeviceSelection.select(device, candidates);
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
