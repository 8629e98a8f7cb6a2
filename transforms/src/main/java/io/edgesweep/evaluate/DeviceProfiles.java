package io.edgesweep.evaluate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.spec.SpecNode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads device profiles from YAML and refuses any it cannot trust.
 *
 * <p>Every field is required and checked: a missing field, an unknown key, a zero or negative
 * bandwidth, an unknown class or precision, an empty list are all {@link InvalidInputException}s
 * naming the file and the field, as in {@code device-profiles/rpi4.yaml: memory.bandwidth-bytes-
 * per-second: must be positive, got -1.0}. Two blocks are optional, and their absence has a stated
 * meaning: {@code compute.layer-kinds} (absent: convolution and pooling run like dense layers) and
 * {@code compute.activation-conversion} (absent: converting activations costs nothing). The layout
 * of a profile is documented in {@code docs/cost-model.md}.
 */
public final class DeviceProfiles {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private DeviceProfiles() {}

  /** Reads and checks one profile file. */
  public static DeviceProfile load(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read device profile: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = YAML.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "not valid YAML: " + firstLine(e.getMessage()), e);
    }
    return parse(SpecNode.root(source, root), ModelArtifact.sha256(bytes));
  }

  /**
   * Reads every profile named: a folder (its {@code *.yaml} and {@code *.yml} files), a file, or a
   * glob such as {@code device-profiles/*.yaml}; in the order given, each folder or glob sorted by
   * file name.
   *
   * @throws InvalidInputException when nothing matches, a file is invalid, or two files share an id
   */
  public static List<DeviceProfile> loadAll(String... foldersFilesOrGlobs) {
    Map<String, DeviceProfile> byId = new LinkedHashMap<>();
    for (Path file : resolve(List.of(foldersFilesOrGlobs))) {
      DeviceProfile profile = load(file);
      DeviceProfile clash = byId.putIfAbsent(profile.id(), profile);
      if (clash != null) {
        throw new InvalidInputException(file.toString(), "id", "'" + profile.id() + "' is already the id of " + clash.source());
      }
    }
    return List.copyOf(byId.values());
  }

  /** {@link #loadAll(String...)} for paths: folders or files. */
  public static List<DeviceProfile> loadAll(Path... foldersOrFiles) {
    String[] names = new String[foldersOrFiles.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = foldersOrFiles[i].toString();
    }
    return loadAll(names);
  }

  /** The profile with this id, or an error listing the known ids. */
  public static DeviceProfile byId(List<DeviceProfile> profiles, String id) {
    for (DeviceProfile p : profiles) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    List<String> known = new ArrayList<>();
    profiles.forEach(p -> known.add(p.id()));
    throw new InvalidInputException("device", id, "unknown device; known devices are " + known);
  }

  private static List<Path> resolve(List<String> names) {
    Set<Path> files = new LinkedHashSet<>();
    for (String name : names) {
      if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0 || name.indexOf('{') >= 0) {
        files.addAll(glob(name));
        continue;
      }
      Path path = Path.of(name);
      if (Files.isDirectory(path)) {
        List<Path> inFolder = listYaml(path, "glob:*.{yaml,yml}", name);
        if (inFolder.isEmpty()) {
          throw new InvalidInputException(name, null, "folder holds no *.yaml device profiles");
        }
        files.addAll(inFolder);
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new InvalidInputException(name, null, "no such device profile file or folder");
      }
    }
    return new ArrayList<>(files);
  }

  private static List<Path> glob(String pattern) {
    Path whole = Path.of(pattern);
    Path folder = whole.getParent() == null ? Path.of(".") : whole.getParent();
    String last = whole.getFileName().toString();
    if (hasGlob(folder.toString())) {
      throw new InvalidInputException(pattern, null, "only the file-name part of a device-profile glob may hold wildcards");
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(pattern, null, "folder " + folder + " does not exist");
    }
    List<Path> matches = listYaml(folder, "glob:" + last, pattern);
    if (matches.isEmpty()) {
      throw new InvalidInputException(pattern, null, "matches no device profile");
    }
    return matches;
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static List<Path> listYaml(Path folder, String glob, String source) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher(glob);
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> Files.isRegularFile(p) && matcher.matches(p.getFileName())).sorted().toList();
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  static DeviceProfile parse(SpecNode root, String sha256) {
    String source = root.source();
    java.util.function.BiFunction<String, String, Precision> precision = (name, field) -> Precision.parse(name, source, field);
    String id = root.text("id");
    if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new InvalidInputException(source, "id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
    }
    String name = root.text("name");
    DeviceClass deviceClass = DeviceClass.parse(root.text("class"), source, "class");

    SpecNode memory = root.mapping("memory");
    long ram = memory.positiveWhole("ram-bytes");
    long storage = memory.positiveWhole("storage-bytes");
    boolean weightsInRam = memory.bool("weights-in-ram");
    double bandwidth = memory.positive("bandwidth-bytes-per-second");
    memory.finish();

    SpecNode compute = root.mapping("compute");
    Map<Precision, Double> peak = compute.byName("peak-macs-per-second", precision, SpecNode::positive, "fp32");
    SpecNode efficiency = compute.mapping("efficiency");
    Map<Precision, Double> computeEfficiency = efficiency.byName("compute", precision, SpecNode::fraction, "fp32");
    double memoryEfficiency = efficiency.fraction("memory");
    boolean fitted = efficiency.bool("fitted");
    efficiency.finish();
    double overhead = compute.nonNegative("layer-overhead-seconds");
    Map<String, LayerKindCost> layerKinds = layerKinds(compute);
    Map<String, ActivationConversionCost> conversions = conversions(compute);
    compute.finish();
    requireFp32(source, compute.field("peak-macs-per-second"), peak);
    requireSameKeys(source, "compute.efficiency.compute", computeEfficiency, peak);

    SpecNode weights = root.mapping("weights");
    Set<Precision> precisions = new LinkedHashSet<>();
    List<String> precisionNames = weights.textList("precisions");
    for (int i = 0; i < precisionNames.size(); i++) {
      precisions.add(Precision.parse(precisionNames.get(i), source, "weights.precisions[" + i + "]"));
    }
    Set<StorageFormat> formats = EnumSet.noneOf(StorageFormat.class);
    List<String> formatNames = weights.textList("storage-formats");
    for (int i = 0; i < formatNames.size(); i++) {
      formats.add(StorageFormat.parse(formatNames.get(i), source, "weights.storage-formats[" + i + "]"));
    }
    boolean unpacks = weights.bool("unpack-at-load");
    boolean sparseCompute = weights.bool("sparse-compute");
    int csrIndexBits = weights.wholeInRange("csr-index-bits", 1, 16);
    weights.finish();

    SpecNode energy = root.mapping("energy");
    Map<Precision, Double> joulesPerMac = energy.byName("joules-per-mac", precision, SpecNode::positive, "fp32");
    double joulesPerByte = energy.positive("joules-per-byte");
    energy.finish();
    requireSameKeys(source, "energy.joules-per-mac", joulesPerMac, peak);
    DevicePower power = power(root);

    SpecNode limits = root.mapping("constraints");
    double latencyBudget = limits.positive("latency-budget-ms");
    double floor = limits.proportion("accuracy-floor");
    long maxModelBytes = limits.positiveWhole("max-model-bytes");
    limits.finish();
    SelectionRule selection = selection(root);

    Objective objective = Objective.parse(root.text("objective"), source, "objective");
    if (objective == Objective.MIN_ENERGY && power == null) {
      // Without active power the energy is the arithmetic and data-movement terms alone, a hundred
      // times below what an MCU draws (docs/cost-model.md, "Energy"): ranking by it is not min-energy.
      throw new InvalidInputException(source, "objective", "min-energy needs a power: block (active-watts, with its source); this profile's "
          + "energy is unknown (arithmetic and data movement only), so choose max-accuracy, min-bytes or min-latency, or add the figure");
    }
    if (selection.accuracyTies() == SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE && selection.cheapestBy() == SelectionRule.Cost.ENERGY
        && power == null) {
      throw new InvalidInputException(source, "selection.cheapest-by", "energy needs a power: block (active-watts, with its source); this "
          + "profile's energy is unknown (arithmetic and data movement only), so choose bytes or latency, or add the figure");
    }
    root.finish();

    return new DeviceProfile(
        id, name, deviceClass, ram, storage, weightsInRam, bandwidth, peak, computeEfficiency, memoryEfficiency, fitted,
        overhead, layerKinds, conversions, precisions, formats, unpacks, sparseCompute, csrIndexBits, joulesPerMac, joulesPerByte, power,
        new DeviceConstraints(latencyBudget, floor, maxModelBytes, selection), objective, source, sha256);
  }

  /**
   * The optional {@code power} block: {@code active-watts} (required in the block) and {@code
   * idle-watts} (optional: not every device has a published figure). Absent: no power figures, and
   * energy counts arithmetic and data movement only.
   */
  private static DevicePower power(SpecNode root) {
    if (!root.has("power")) {
      return null;
    }
    SpecNode fields = root.mapping("power");
    double active = fields.positive("active-watts");
    Double idle = null;
    if (fields.has("idle-watts")) {
      idle = fields.nonNegative("idle-watts");
      if (idle > active) {
        throw new InvalidInputException(fields.source(), fields.field("idle-watts"), "is " + idle + " W, above active-watts " + active + " W");
      }
    }
    fields.finish();
    return new DevicePower(active, idle);
  }

  /**
   * The optional {@code selection} block: {@code floor-check} (holm or point-estimate), {@code
   * floor-confidence}, {@code accuracy-ties} (best or cheapest-indistinguishable) and {@code
   * cheapest-by} (bytes, latency or energy; required with cheapest-indistinguishable). Absent:
   * {@link SelectionRule#DEFAULT}.
   */
  private static SelectionRule selection(SpecNode root) {
    if (!root.has("selection")) {
      return SelectionRule.DEFAULT;
    }
    SpecNode fields = root.mapping("selection");
    SelectionRule.FloorCheck check = fields.has("floor-check")
        ? SelectionRule.FloorCheck.parse(fields.text("floor-check"), fields.source(), fields.field("floor-check"))
        : SelectionRule.DEFAULT.floorCheck();
    double confidence = SelectionRule.DEFAULT.floorConfidence();
    if (fields.has("floor-confidence")) {
      confidence = fields.proportion("floor-confidence");
      if (!(confidence >= 0.5 && confidence < 1)) {
        throw new InvalidInputException(fields.source(), fields.field("floor-confidence"), "must be in [0.5, 1), got " + confidence);
      }
    }
    SelectionRule.Ties ties = fields.has("accuracy-ties")
        ? SelectionRule.Ties.parse(fields.text("accuracy-ties"), fields.source(), fields.field("accuracy-ties"))
        : SelectionRule.DEFAULT.accuracyTies();
    SelectionRule.Cost cost = SelectionRule.DEFAULT.cheapestBy();
    if (ties == SelectionRule.Ties.CHEAPEST_INDISTINGUISHABLE) {
      cost = SelectionRule.Cost.parse(fields.text("cheapest-by"), fields.source(), fields.field("cheapest-by"));
    } else if (fields.has("cheapest-by")) {
      throw new InvalidInputException(fields.source(), fields.field("cheapest-by"), "applies only with accuracy-ties: cheapest-indistinguishable");
    }
    fields.finish();
    return new SelectionRule(check, confidence, ties, cost);
  }

  /** The optional {@code compute.layer-kinds}: per kind, {@code relative-speed} and {@code overhead-seconds}. */
  private static Map<String, LayerKindCost> layerKinds(SpecNode compute) {
    Map<String, LayerKindCost> kinds = new LinkedHashMap<>();
    if (!compute.has("layer-kinds")) {
      return kinds;
    }
    SpecNode map = compute.mapping("layer-kinds");
    for (String kind : map.keys()) {
      if (!DeviceProfile.LAYER_KINDS.contains(kind)) {
        throw new InvalidInputException(map.source(), map.field(kind), "unknown layer kind; known kinds are " + DeviceProfile.LAYER_KINDS
            + " (dense layers use the profile's own efficiency and layer-overhead-seconds)");
      }
      SpecNode fields = map.mapping(kind);
      kinds.put(kind, new LayerKindCost(fields.positive("relative-speed"), fields.nonNegative("overhead-seconds")));
      fields.finish();
    }
    map.finish();
    return kinds;
  }

  /** The optional {@code compute.activation-conversion}: per format, {@code overhead-seconds} and {@code seconds-per-value}. */
  private static Map<String, ActivationConversionCost> conversions(SpecNode compute) {
    Map<String, ActivationConversionCost> conversions = new LinkedHashMap<>();
    if (!compute.has("activation-conversion")) {
      return conversions;
    }
    SpecNode map = compute.mapping("activation-conversion");
    for (String format : map.keys()) {
      if (!DeviceProfile.CONVERSION_FORMATS.contains(format)) {
        throw new InvalidInputException(map.source(), map.field(format), "unknown activation format; known formats are " + DeviceProfile.CONVERSION_FORMATS);
      }
      SpecNode fields = map.mapping(format);
      conversions.put(format, new ActivationConversionCost(fields.nonNegative("overhead-seconds"), fields.nonNegative("seconds-per-value")));
      fields.finish();
    }
    map.finish();
    return conversions;
  }

  private static void requireFp32(String source, String field, Map<Precision, Double> peak) {
    if (!peak.containsKey(Precision.FP32)) {
      throw new InvalidInputException(source, field, "must include fp32, the precision every layer can fall back to; has " + peak.keySet());
    }
  }

  private static void requireSameKeys(String source, String field, Map<Precision, Double> map, Map<Precision, Double> peak) {
    if (!map.keySet().equals(peak.keySet())) {
      throw new InvalidInputException(source, field, "names " + map.keySet() + " but compute.peak-macs-per-second names " + peak.keySet() + "; give one value per compute precision");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
