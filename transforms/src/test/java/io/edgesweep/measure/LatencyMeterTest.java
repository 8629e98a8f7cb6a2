package io.edgesweep.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import io.edgesweep.evaluate.ModelFootprint;
import io.edgesweep.model.ModelArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measurement path runs end to end on tiny models. No assertion here is about speed: a timed
 * unit test on a shared machine proves nothing; {@code edgesweep profile-host} prints the figures.
 */
class LatencyMeterTest {
  @Test
  void timesEveryModelAtEveryBatchSizeTheNumberOfTimesAsked() {
    ImageDataset data = ParquetImageDatasets.read(TestData.mini().calibration());
    List<LatencyMeter.Subject> subjects = List.of(
        new LatencyMeter.Subject("mlp", HostVariantsTest.untrained("mlp:784-8-10", data)),
        new LatencyMeter.Subject("cnn", HostVariantsTest.untrained("cnn:1x28x28:c2k5-m2-f10", data)));
    int[] rounds = {0};
    LatencyMeter.Run run = LatencyMeter.measure(subjects, new LatencyMeter.Settings(List.of(1, 3), 1, 4, 1, 7),
        (round, total, warmUp, load) -> rounds[0]++);

    assertThat(rounds[0]).isEqualTo(5);
    assertThat(run.threads()).isEqualTo(1);
    assertThat(run.timings()).extracting(LatencyMeter.Timing::label).containsExactly("mlp", "mlp", "cnn", "cnn");
    assertThat(run.timings()).extracting(LatencyMeter.Timing::batch).containsExactly(1, 3, 1, 3);
    for (LatencyMeter.Timing t : run.timings()) {
      assertThat(t.samples().count()).isEqualTo(4);
      assertThat(t.samples().medianMs()).isPositive();
    }
  }

  @Test
  void theHostCheckFitsAndEstimatesEveryRow() {
    ImageDataset data = ParquetImageDatasets.read(TestData.mini().calibration());
    DeviceProfile host = DeviceProfiles.load(TestData.repositoryRoot().resolve("device-profiles/host.yaml"));
    ModelArtifact teacher = HostVariantsTest.untrained("mlp:784-16-10", data);
    List<HostCheck.Family> families = List.of(new HostCheck.Family("mlp:784-16-10", HostVariants.of(teacher, HostVariants.Grid.standard(), data, data, "test")));
    HostCheck.Result result = HostCheck.run(families, host, new LatencyMeter.Settings(List.of(1, 8), 1, 3, 1, 1), LatencyStatistic.MEDIAN,
        m -> ModelFootprint.of(m.architecture(), m.parameters(), io.edgesweep.evaluate.WeightEncoding.float32(),
            ModelFootprint.activationPrecision(m.manifest().activations())), LatencyMeter.Progress.SILENT);

    assertThat(result.rows()).hasSize(22);
    assertThat(result.profile().efficiencyFitted()).isTrue();
    assertThat(result.previous()).isSameAs(host);
    for (HostCheck.Row row : result.rows()) {
      assertThat(row.fittedMs()).isPositive();
      assertThat(row.heldOutMs()).isPositive();
      assertThat(row.measured().count()).isEqualTo(3);
    }
    assertThat(result.heldOutShare()).isBetween(0.0, 1.0);
  }

  @Test
  void settingsThatCannotTimeAnythingAreRefused() {
    assertThatThrownBy(() -> new LatencyMeter.Settings(List.of(), 1, 1, 1, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--batches");
    assertThatThrownBy(() -> new LatencyMeter.Settings(List.of(1), 1, 0, 1, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--repeats");
    assertThatThrownBy(() -> new LatencyMeter.Settings(List.of(1), 1, 1, 0, 1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--threads");
  }
}
