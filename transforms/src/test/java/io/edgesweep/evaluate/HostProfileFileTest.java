package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fitted profile is written into the reviewed YAML without disturbing anything else in it. */
class HostProfileFileTest {
  private static final List<String> PROVENANCE = List.of("Fitted by `edgesweep profile-host --write-profile`", "on a test machine.");

  private static DeviceProfile fitted(DeviceProfile base) {
    Map<Precision, Double> efficiency = new LinkedHashMap<>(base.computeEfficiency());
    efficiency.put(Precision.FP32, 0.2834567);
    return new DeviceProfile(base.id(), base.name(), base.deviceClass(), base.ramBytes(), base.storageBytes(), base.weightsInRam(),
        base.bandwidthBytesPerSecond(), base.peakMacsPerSecond(), efficiency, 0.77777, true, 6.123456e-6,
        Map.of("conv", new LayerKindCost(0.512345, 8.0e-5), "maxpool", new LayerKindCost(0.0123456, 0)),
        Map.of("int", new ActivationConversionCost(4.5e-5, 1.87654e-9)), base.weightPrecisions(), base.storageFormats(),
        base.unpacksWeights(), base.sparseCompute(), base.csrIndexBits(), base.joulesPerMac(), base.joulesPerByte(), base.power(), base.constraints(),
        base.objective(), base.source(), base.sourceSha256());
  }

  @Test
  void replacesTheFittedEntriesAndKeepsEveryOtherLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.copy(TestData.repositoryRoot().resolve("device-profiles/host.yaml"), file);
    List<String> before = Files.readAllLines(file);
    DeviceProfile base = DeviceProfiles.load(file);

    DeviceProfile written = HostProfileFile.write(file, fitted(base), PROVENANCE);

    assertThat(written.efficiencyFitted()).isTrue();
    assertThat(written.computeEfficiency()).containsEntry(Precision.FP32, 0.2835);
    assertThat(written.memoryEfficiency()).isEqualTo(0.7778);
    assertThat(written.layerOverheadSeconds()).isEqualTo(6.123e-6);
    assertThat(written.layerKinds()).containsEntry("conv", new LayerKindCost(0.5123, 8.0e-5)).containsEntry("maxpool", new LayerKindCost(0.01235, 0));
    assertThat(written.activationConversion()).containsEntry("int", new ActivationConversionCost(4.5e-5, 1.877e-9));
    assertThat(HostProfileFile.asWritten(fitted(base)).memoryEfficiency()).isEqualTo(written.memoryEfficiency());
    // Everything but the fitted entries is as it was: same id, peaks, weights, energy, constraints.
    assertThat(written.peakMacsPerSecond()).isEqualTo(base.peakMacsPerSecond());
    assertThat(written.bandwidthBytesPerSecond()).isEqualTo(base.bandwidthBytesPerSecond());
    assertThat(written.constraints()).isEqualTo(base.constraints());

    List<String> after = Files.readAllLines(file);
    String text = String.join("\n", after);
    assertThat(text).contains("# Fitted by `edgesweep profile-host --write-profile`").contains("# on a test machine.");
    assertThat(text).doesNotContain("Placeholders until").doesNotContain("    fitted: false").contains("    fitted: true");
    // Everything before compute's efficiency entry (header, memory, peaks) and everything after the
    // fitted entries (weights onwards) is untouched, comments included.
    assertThat(after.subList(0, after.indexOf("  efficiency:"))).isEqualTo(before.subList(0, before.indexOf("  efficiency:")));
    assertThat(after.subList(after.indexOf("weights:"), after.size())).isEqualTo(before.subList(before.indexOf("weights:"), before.size()));
  }

  @Test
  void placeholdersAreReplacedAndOtherPrecisionsKeepTheirEfficiency(@TempDir Path dir) throws Exception {
    // The test profile computes at fp32 and int8; only fp32 is fitted here.
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, DeviceProfilesTest.VALID.replace("  efficiency:\n", "  # Placeholder, not measured.\n  efficiency:\n"));
    List<String> before = Files.readAllLines(file);
    DeviceProfile written = HostProfileFile.write(file, fitted(DeviceProfiles.load(file)), PROVENANCE);

    assertThat(written.computeEfficiency()).containsEntry(Precision.FP32, 0.2835).containsEntry(Precision.INT8, 0.5);
    List<String> after = Files.readAllLines(file);
    assertThat(after).doesNotContain("  # Placeholder, not measured.");
    assertThat(after.subList(0, after.indexOf("  efficiency:"))).isEqualTo(before.subList(0, before.indexOf("  # Placeholder, not measured.")));
    assertThat(after.subList(after.indexOf("weights:"), after.size())).isEqualTo(before.subList(before.indexOf("weights:"), before.size()));
  }

  @Test
  void writingAgainReplacesTheEarlierFitInsteadOfAddingToIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.copy(TestData.repositoryRoot().resolve("device-profiles/host.yaml"), file);
    DeviceProfile base = DeviceProfiles.load(file);
    HostProfileFile.write(file, fitted(base), PROVENANCE);
    String once = Files.readString(file);
    HostProfileFile.write(file, fitted(base), PROVENANCE);
    assertThat(Files.readString(file)).isEqualTo(once);
  }

  @Test
  void aFileWithoutAComputeSectionIsNamedAndLeftAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "id: x\nmemory:\n  ram-bytes: 1\n");
    DeviceProfile base = DeviceProfiles.load(TestData.repositoryRoot().resolve("device-profiles/host.yaml"));
    assertThatThrownBy(() -> HostProfileFile.write(file, fitted(base), PROVENANCE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("broken.yaml").hasMessageContaining("compute");
    assertThat(Files.readString(file)).isEqualTo("id: x\nmemory:\n  ram-bytes: 1\n");
  }

  @Test
  void numbersKeepFourSignificantDigitsInAFormYamlReads() {
    assertThat(HostProfileFile.number(0.283456)).isEqualTo("0.2835");
    assertThat(HostProfileFile.number(1.0)).isEqualTo("1");
    assertThat(HostProfileFile.number(6.123456e-6)).isEqualTo("6.123e-06");
    assertThat(HostProfileFile.number(0)).isEqualTo("0");
    assertThat(HostProfileFile.round(1.87654e-9)).isEqualTo(1.877e-9);
  }
}
