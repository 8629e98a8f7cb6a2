package io.edgesweep.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceProfilesTest {
  /** A complete, valid profile; each failing test breaks exactly one thing in it. */
  static final String VALID = """
      id: tiny
      name: Tiny test board
      class: mcu
      memory:
        ram-bytes: 65536
        storage-bytes: 262144
        weights-in-ram: false
        bandwidth-bytes-per-second: 1.0e8
      compute:
        peak-macs-per-second:
          fp32: 1.0e7
          int8: 4.0e7
        efficiency:
          compute:
            fp32: 0.5
            int8: 0.5
          memory: 0.5
          fitted: false
        layer-overhead-seconds: 1.0e-5
      weights:
        precisions: [int8, int4]
        storage-formats: [dense, csr]
        unpack-at-load: false
        sparse-compute: false
        csr-index-bits: 4
      energy:
        joules-per-mac:
          fp32: 4.6e-12
          int8: 0.3e-12
        joules-per-byte: 1.25e-12
      constraints:
        latency-budget-ms: 100
        accuracy-floor: 0.75
        max-model-bytes: 131072
      objective: min-latency
      """;

  @Test
  void readsEveryFieldOfAValidProfile(@TempDir Path dir) throws Exception {
    DeviceProfile p = DeviceProfiles.load(write(dir, "tiny.yaml", VALID));
    assertThat(p.id()).isEqualTo("tiny");
    assertThat(p.deviceClass()).isEqualTo(DeviceClass.MCU);
    assertThat(p.ramBytes()).isEqualTo(65536);
    assertThat(p.storageBytes()).isEqualTo(262144);
    assertThat(p.weightsInRam()).isFalse();
    assertThat(p.bandwidthBytesPerSecond()).isEqualTo(1.0e8);
    assertThat(p.peakMacsPerSecond()).containsEntry(Precision.INT8, 4.0e7).containsEntry(Precision.FP32, 1.0e7);
    assertThat(p.effectiveMacsPerSecond(Precision.INT8)).isEqualTo(2.0e7);
    assertThat(p.effectiveBandwidth()).isEqualTo(5.0e7);
    assertThat(p.weightPrecisions()).containsExactly(Precision.integer(4), Precision.INT8);
    assertThat(p.storageFormats()).containsExactly(StorageFormat.DENSE, StorageFormat.CSR);
    assertThat(p.csrIndexBits()).isEqualTo(4);
    assertThat(p.joulesPerMac()).containsEntry(Precision.INT8, 0.3e-12);
    assertThat(p.constraints()).isEqualTo(new DeviceConstraints(100, 0.75, 131072));
    assertThat(p.objective()).isEqualTo(Objective.MIN_LATENCY);
    assertThat(p.modelBytesLimit()).isEqualTo(131072);
    assertThat(p.sourceSha256()).hasSize(64);
  }

  @Test
  void errorsNameTheFileAndTheField(@TempDir Path dir) throws Exception {
    expectError(dir, VALID.replace("  bandwidth-bytes-per-second: 1.0e8\n", ""), "memory.bandwidth-bytes-per-second", "missing");
    expectError(dir, VALID.replace("bandwidth-bytes-per-second: 1.0e8", "bandwidth-bytes-per-second: -1"), "memory.bandwidth-bytes-per-second", "positive");
    expectError(dir, VALID.replace("bandwidth-bytes-per-second: 1.0e8", "bandwidth-bytes-per-second: 0"), "memory.bandwidth-bytes-per-second", "positive");
    expectError(dir, VALID.replace("class: mcu", "class: toaster"), "class", "unknown device class");
    expectError(dir, VALID.replace("precisions: [int8, int4]", "precisions: []"), "weights.precisions", "empty");
    expectError(dir, VALID.replace("precisions: [int8, int4]", "precisions: [int8, int33]"), "weights.precisions[1]", "not a precision");
    expectError(dir, VALID.replace("storage-formats: [dense, csr]", "storage-formats: [dense, zip]"), "weights.storage-formats[1]", "unknown storage format");
    expectError(dir, VALID + "colour: blue\n", "colour", "unknown key");
    expectError(dir, VALID.replace("  weights-in-ram: false\n", "  weights-in-ram: false\n  swap-bytes: 1\n"), "memory.swap-bytes", "unknown key");
    expectError(dir, VALID.replace("    memory: 0.5\n", "    memory: 1.5\n"), "compute.efficiency.memory", "(0, 1]");
    expectError(dir, VALID.replace("accuracy-floor: 0.75", "accuracy-floor: 75"), "constraints.accuracy-floor", "[0, 1]");
    expectError(dir, VALID.replace("ram-bytes: 65536", "ram-bytes: 65536.5"), "memory.ram-bytes", "whole number");
    expectError(dir, VALID.replace("weights-in-ram: false", "weights-in-ram: maybe"), "memory.weights-in-ram", "true or false");
    expectError(dir, VALID.replace("csr-index-bits: 4", "csr-index-bits: 0"), "weights.csr-index-bits", "1 to 16");
    expectError(dir, VALID.replace("objective: min-latency", "objective: cheapest"), "objective", "unknown objective");
    expectError(dir, VALID.replace("id: tiny", "id: Tiny Board"), "id", "lower-case");
    // Every compute precision needs an efficiency and an energy; fp32 must be there to fall back to.
    expectError(dir, VALID.replace("    int8: 0.3e-12\n", ""), "energy.joules-per-mac", "one value per compute precision");
    expectError(dir, VALID.replace("      int8: 0.5\n", ""), "compute.efficiency.compute", "one value per compute precision");
    expectError(dir, VALID.replace("    fp32: 1.0e7\n", ""), "compute.peak-macs-per-second", "fp32");
  }

  /** {@link #VALID} with the two optional blocks a measured profile has. */
  static final String MEASURED = VALID.replace("  layer-overhead-seconds: 1.0e-5\n", """
        layer-overhead-seconds: 1.0e-5
        layer-kinds:
          conv:
            relative-speed: 0.5
            overhead-seconds: 4.0e-5
          maxpool:
            relative-speed: 0.02
            overhead-seconds: 0
        activation-conversion:
          int:
            overhead-seconds: 3.0e-5
            seconds-per-value: 2.0e-9
      """);

  @Test
  void optionalBlocksDescribeLayerKindsAndConversionsAndTheirAbsenceMeansNone(@TempDir Path dir) throws Exception {
    DeviceProfile plain = DeviceProfiles.load(write(dir, "tiny.yaml", VALID));
    assertThat(plain.layerKinds()).isEmpty();
    assertThat(plain.relativeSpeed("conv")).isEqualTo(1);
    assertThat(plain.overheadSeconds("maxpool")).isEqualTo(1.0e-5);
    assertThat(plain.conversion(Precision.INT8, Precision.FP32)).isEqualTo(ActivationConversionCost.NONE);

    DeviceProfile measured = DeviceProfiles.load(write(dir, "measured.yaml", MEASURED));
    assertThat(measured.layerKinds()).containsEntry("conv", new LayerKindCost(0.5, 4.0e-5)).containsEntry("maxpool", new LayerKindCost(0.02, 0));
    assertThat(measured.overheadSeconds("dense")).isEqualTo(1.0e-5);
    assertThat(measured.conversion(Precision.integer(4), Precision.FP32)).isEqualTo(new ActivationConversionCost(3.0e-5, 2.0e-9));
    assertThat(measured.conversion(Precision.INT8, Precision.INT8)).isEqualTo(ActivationConversionCost.NONE);
    assertThat(measured.conversion(Precision.FP16, Precision.FP32)).as("fp16 not listed").isEqualTo(ActivationConversionCost.NONE);
  }

  @Test
  void optionalBlocksAreCheckedLikeEveryOtherField(@TempDir Path dir) throws Exception {
    expectError(dir, MEASURED.replace("    conv:", "    lstm:"), "compute.layer-kinds.lstm", "unknown layer kind");
    expectError(dir, MEASURED.replace("    int:", "    int8:"), "compute.activation-conversion.int8", "unknown activation format");
    expectError(dir, MEASURED.replace("relative-speed: 0.5", "relative-speed: 0"), "compute.layer-kinds.conv.relative-speed", "positive");
    expectError(dir, MEASURED.replace("seconds-per-value: 2.0e-9", "seconds-per-value: -1"), "compute.activation-conversion.int.seconds-per-value", "zero or positive");
    expectError(dir, MEASURED.replace("      overhead-seconds: 4.0e-5\n", ""), "compute.layer-kinds.conv.overhead-seconds", "missing");
    expectError(dir, MEASURED.replace("      overhead-seconds: 4.0e-5\n", "      overhead-seconds: 4.0e-5\n      colour: red\n"),
        "compute.layer-kinds.conv.colour", "unknown key");
  }

  @Test
  void theSelectionBlockIsOptionalAndChecked(@TempDir Path dir) throws Exception {
    assertThat(DeviceProfiles.load(write(dir, "a.yaml", VALID)).constraints().selection()).isEqualTo(SelectionRule.DEFAULT);
    String ties = VALID + "selection:\n  floor-check: holm\n  floor-confidence: 0.99\n  accuracy-ties: cheapest-indistinguishable\n  cheapest-by: energy\n";
    // "Cheapest by energy" needs the device's power, as min-energy does.
    expectError(dir, ties, "selection.cheapest-by", "energy needs a power: block");
    assertThat(DeviceProfiles.load(write(dir, "b.yaml", ties + "power:\n  active-watts: 0.01\n")).constraints().selection())
        .isEqualTo(new SelectionRule(SelectionRule.FloorCheck.HOLM, 0.99, SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE, SelectionRule.Cost.ENERGY));
    expectError(dir, VALID + "selection:\n  floor-confidence: 0.3\n", "selection.floor-confidence", "[0.5, 1)");
    expectError(dir, VALID + "selection:\n  floor-check: bonferroni\n", "selection.floor-check", "unknown floor check");
    expectError(dir, VALID + "selection:\n  accuracy-ties: cheapest-indistinguishable\n", "selection.cheapest-by", "missing");
    expectError(dir, VALID + "selection:\n  accuracy-ties: best\n  cheapest-by: bytes\n", "selection.cheapest-by", "only with");
  }

  @Test
  void thePowerBlockIsOptionalAndChecked(@TempDir Path dir) throws Exception {
    assertThat(DeviceProfiles.load(write(dir, "a.yaml", VALID)).power()).isNull();
    assertThat(DeviceProfiles.load(write(dir, "b.yaml", VALID + "power:\n  active-watts: 0.01\n  idle-watts: 1.0e-5\n")).power())
        .isEqualTo(new DevicePower(0.01, 1.0e-5));
    assertThat(DeviceProfiles.load(write(dir, "c.yaml", VALID + "power:\n  active-watts: 0.01\n")).power()).isEqualTo(new DevicePower(0.01, null));
    expectError(dir, VALID + "power:\n  idle-watts: 1.0\n", "power.active-watts", "missing");
    expectError(dir, VALID + "power:\n  active-watts: 0.01\n  idle-watts: 1.0\n", "power.idle-watts", "above active-watts");
    expectError(dir, VALID + "power:\n  active-watts: -1\n", "power.active-watts", "positive");
    // Energy without power is not what the device draws: min-energy needs the figure.
    String minEnergy = VALID.replace("objective: min-latency", "objective: min-energy");
    expectError(dir, minEnergy, "objective", "min-energy needs a power: block");
    assertThat(DeviceProfiles.load(write(dir, "d.yaml", minEnergy + "power:\n  active-watts: 0.01\n")).objective()).isEqualTo(Objective.MIN_ENERGY);
  }

  @Test
  void rejectsTextThatIsNotYamlAndDuplicateKeys(@TempDir Path dir) throws Exception {
    expectError(dir, "id: [unclosed\n", null, "not valid YAML");
    expectError(dir, VALID + "id: again\n", null, "not valid YAML");
    expectError(dir, "- a list\n- not a mapping\n", null, "mapping");
  }

  @Test
  void loadsFoldersFilesAndGlobsAndRefusesDuplicateIds(@TempDir Path dir) throws Exception {
    write(dir, "a.yaml", VALID.replace("id: tiny", "id: a"));
    write(dir, "b.yaml", VALID.replace("id: tiny", "id: b"));
    write(dir, "notes.md", "not a profile");
    assertThat(DeviceProfiles.loadAll(dir).stream().map(DeviceProfile::id)).containsExactly("a", "b");
    assertThat(DeviceProfiles.loadAll(dir.resolve("b.yaml").toString()).stream().map(DeviceProfile::id)).containsExactly("b");
    assertThat(DeviceProfiles.loadAll(dir + "/a*.yaml").stream().map(DeviceProfile::id)).containsExactly("a");
    assertThatThrownBy(() -> DeviceProfiles.loadAll(dir + "/z*.yaml")).isInstanceOf(InvalidInputException.class).hasMessageContaining("matches no");
    assertThatThrownBy(() -> DeviceProfiles.loadAll(dir.resolve("missing.yaml").toString())).isInstanceOf(InvalidInputException.class);
    write(dir, "c.yaml", VALID.replace("id: tiny", "id: a"));
    assertThatThrownBy(() -> DeviceProfiles.loadAll(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("c.yaml")
        .hasMessageContaining("a.yaml");
  }

  @Test
  void theRepositorysProfilesLoadAndCoverEveryDeviceClass() {
    Path folder = TestData.repositoryRoot().resolve("device-profiles");
    List<DeviceProfile> profiles = DeviceProfiles.loadAll(folder);
    assertThat(profiles).hasSizeGreaterThanOrEqualTo(7);
    Set<DeviceClass> classes = profiles.stream().map(DeviceProfile::deviceClass).collect(Collectors.toSet());
    assertThat(classes).isEqualTo(EnumSet.allOf(DeviceClass.class));
    for (DeviceProfile p : profiles) {
      assertThat(folder.resolve(p.id() + ".yaml")).as("file named after its id").exists();
      if (p.deviceClass() == DeviceClass.MCU) {
        // An MCU reads int8 or narrower weights only, and runs them from flash.
        assertThat(p.weightPrecisions()).allMatch(w -> w.isInteger() && w.bits() <= 8);
        assertThat(p.weightsInRam()).isFalse();
        assertThat(p.constraints().maxModelBytes()).isLessThanOrEqualTo(p.storageBytes());
      }
    }
    DeviceProfile host = DeviceProfiles.byId(profiles, "host");
    // Fitted by `edgesweep profile-host --write-profile`; only the host is measured, so only the host
    // says so, and only it has per-kind factors and conversion costs.
    assertThat(host.efficiencyFitted()).isTrue();
    assertThat(host.layerKinds()).containsOnlyKeys("conv", "maxpool");
    assertThat(host.activationConversion()).containsOnlyKeys("int", "fp16");
    for (DeviceProfile p : profiles) {
      if (p != host) {
        assertThat(p.efficiencyFitted()).as(p.id() + " is not measured").isFalse();
        assertThat(p.layerKinds()).as(p.id()).isEmpty();
        assertThat(p.activationConversion()).as(p.id()).isEmpty();
      }
    }
    assertThatThrownBy(() -> DeviceProfiles.byId(profiles, "toaster"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stm32h743")
        .hasMessageContaining("host");
  }

  @Test
  void everyNumberInTheRepositorysProfilesHasACommentAbove() throws Exception {
    // Each numeric field is preceded by a comment line somewhere in its block (its source).
    for (Path file : Files.list(TestData.repositoryRoot().resolve("device-profiles")).filter(f -> f.toString().endsWith(".yaml")).toList()) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.matches("\\s*[a-z0-9-]+:\\s*[-0-9.e+]+\\s*") && !line.contains("csr-index-bits")) {
          boolean commented = false;
          for (int j = i - 1; j >= 0 && !commented; j--) {
            String above = lines.get(j).trim();
            if (above.startsWith("#")) {
              commented = true;
            } else if (!above.matches("[a-z0-9-]+:\\s*[-0-9.e+]+") && !above.matches("[a-z0-9-]+:")) {
              break;
            }
          }
          assertThat(commented).as(file.getFileName() + " line " + (i + 1) + ": " + line.trim() + " has no source comment").isTrue();
        }
      }
    }
  }

  @Test
  void profilesSurviveJavaSerializationForBeam(@TempDir Path dir) throws Exception {
    DeviceProfile p = DeviceProfiles.load(write(dir, "tiny.yaml", VALID));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(p);
    }
  }

  private static void expectError(Path dir, String yaml, String field, String problem) throws Exception {
    Path file = write(dir, "bad.yaml", yaml);
    var thrown = assertThatThrownBy(() -> DeviceProfiles.load(file)).isInstanceOf(InvalidInputException.class).hasMessageContaining(file.toString()).hasMessageContaining(problem);
    if (field != null) {
      thrown.hasMessageContaining(field);
    }
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
