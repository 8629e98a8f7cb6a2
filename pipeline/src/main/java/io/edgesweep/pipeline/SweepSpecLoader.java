package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.TrainingSettings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a sweep spec from YAML and checks every field before anything runs.
 *
 * <p>A sweep can run for an hour; a typo found after the distillations would waste it. So unknown
 * keys, wrong types and out-of-range values are errors here, each naming the file and the key
 * path ({@code grid.pruning.ratios[2]}).
 */
public final class SweepSpecLoader {
  public static final List<String> GRANULARITIES = List.of("per-channel", "per-tensor");
  public static final List<String> SCHEMES = List.of("symmetric", "affine");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern INT_ACTIVATIONS = Pattern.compile("int(\\d+)");

  private SweepSpecLoader() {}

  public static SweepSpec load(Path file) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(source, null, "no such sweep spec");
    }
    JsonNode root;
    try {
      // A key given twice would silently keep the last value: refuse it instead.
      root = new ObjectMapper(new YAMLFactory()).enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(source, null, "must be a YAML mapping with name, data, teacher, grid and devices");
    }
    Path base = file.toAbsolutePath().getParent();
    SpecNode spec = new SpecNode(source, "", root);
    spec.allowOnly("name", "seed", "data", "teacher", "grid", "devices", "evaluation");

    String name = spec.string("name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(source, "name", "'" + name + "' must be letters, digits, '.', '_' or '-' (it names the run folder)");
    }
    long seed = spec.wholeNumber("seed", 1L, 0L, Long.MAX_VALUE);
    Path data = base.resolve(spec.string("data")).normalize();
    if (!Files.isDirectory(data)) {
      throw new InvalidInputException(source, "data", "no dataset folder at " + data);
    }
    SweepSpec.Teacher teacher = teacher(spec.child("teacher"), base, seed);
    SpecNode grid = spec.child("grid");
    grid.allowOnly("distillation", "pruning", "quantization");
    SweepSpec.Distillation distillation = distillation(grid.child("distillation"));
    SweepSpec.Pruning pruning = pruning(grid.child("pruning"));
    SweepSpec.Quantization quantization = quantization(grid.child("quantization"));
    List<Path> devices = devices(spec, base);
    int evaluationBatch = 500;
    SpecNode evaluation = spec.optionalChild("evaluation");
    if (evaluation != null) {
      evaluation.allowOnly("batch_size");
      evaluationBatch = evaluation.wholeNumber("batch_size", 500, 1, 100_000);
    }
    return new SweepSpec(source, name, seed, data, teacher, distillation, pruning, quantization, devices, evaluationBatch);
  }

  private static SweepSpec.Teacher teacher(SpecNode node, Path base, long seed) {
    node.allowOnly("model", "train");
    boolean hasModel = node.has("model");
    boolean hasTrain = node.has("train");
    if (hasModel == hasTrain) {
      throw node.error("give exactly one of model (a model folder) or train (an architecture to train first)");
    }
    if (hasModel) {
      Path model = base.resolve(node.string("model")).normalize();
      if (!Files.isDirectory(model)) {
        throw new InvalidInputException(node.file(), "teacher.model", "no model folder at " + model);
      }
      return new SweepSpec.Teacher(model, null, null);
    }
    SpecNode train = node.child("train");
    train.allowOnly("arch", "epochs", "batch_size", "learning_rate", "schedule");
    String arch = architecture(train, "arch");
    String schedule = train.string("schedule", "cosine");
    if (!schedule.equals("cosine") && !schedule.equals("constant")) {
      throw new InvalidInputException(node.file(), "teacher.train.schedule", "must be cosine or constant, got " + schedule);
    }
    TrainingSettings settings = new TrainingSettings(
        train.wholeNumber("epochs", 10, 1, 1000),
        train.wholeNumber("batch_size", 128, 1, 65_536),
        train.number("learning_rate", 1e-3, 1e-9, 10, true),
        schedule.equals("cosine"),
        seed);
    return new SweepSpec.Teacher(null, arch, settings);
  }

  private static SweepSpec.Distillation distillation(SpecNode node) {
    node.allowOnly("students", "temperatures", "alpha", "epochs", "batch_size", "learning_rate");
    List<String> students = node.list("students", node.strings(s -> {
      if (!s.equals("teacher")) {
        Architecture a = Architecture.parse(s);
        if (a.isTorchScript()) {
          throw new IllegalArgumentException("a student is trained from scratch, so it must be a buildable architecture, not " + s);
        }
      }
      return s;
    }));
    List<Double> temperatures = node.list("temperatures", (value, at) -> {
      if (value.isTextual() && value.asText().equals("none")) {
        return null;
      }
      return node.checkedNumber(value, at, 1e-6, 1e6, true);
    });
    return new SweepSpec.Distillation(
        students,
        temperatures,
        node.number("alpha", 0.7, 0, 1, true),
        node.wholeNumber("epochs", 5, 1, 1000),
        node.wholeNumber("batch_size", 128, 1, 65_536),
        node.number("learning_rate", 1e-3, 1e-9, 10, true));
  }

  private static SweepSpec.Pruning pruning(SpecNode node) {
    node.allowOnly("methods", "ratios", "fine_tune_epochs", "batch_size", "learning_rate");
    List<String> methods = node.list("methods", List.of("magnitude-global"),
        node.strings(s -> io.edgesweep.compress.PruningMethod.parse(s, node.file()).id()));
    List<Double> ratios = node.list("ratios", (value, at) -> node.checkedNumber(value, at, 0, 1, false));
    return new SweepSpec.Pruning(
        methods,
        ratios,
        node.wholeNumber("fine_tune_epochs", 1, 0, 1000),
        node.wholeNumber("batch_size", 128, 1, 65_536),
        node.number("learning_rate", 5e-4, 1e-9, 10, true));
  }

  private static SweepSpec.Quantization quantization(SpecNode node) {
    node.allowOnly("bits", "granularity", "scheme", "activations", "calibration");
    List<String> weights = node.list("bits", node.strings(s -> {
      if (s.equals("fp16") || s.equals("32")) {
        return s;
      }
      try {
        int bits = Integer.parseInt(s);
        if (bits >= 2 && bits <= 16) {
          return Integer.toString(bits);
        }
      } catch (NumberFormatException ignored) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("'" + s + "' is not a weight format: use 32 (float), fp16, or an integer width 2-16");
    }));
    List<String> granularities = node.list("granularity", List.of("per-channel"), node.strings(s -> oneOf(s, GRANULARITIES, "granularity")));
    List<String> schemes = node.list("scheme", List.of("symmetric"), node.strings(s -> oneOf(s, SCHEMES, "scheme")));
    SpecNode.ItemReader<String> activationFormat = node.strings(s -> {
      if (s.equals("off") || s.equals("fp16")) {
        return s;
      }
      var m = INT_ACTIVATIONS.matcher(s);
      if (m.matches() && Integer.parseInt(m.group(1)) >= 2 && Integer.parseInt(m.group(1)) <= 16) {
        return s;
      }
      throw new IllegalArgumentException("'" + s + "' is not an activation format: use off, int8 (any int2-int16) or fp16");
    });
    // YAML 1.1 reads a bare `off` as the boolean false.
    List<String> activations = node.list("activations", List.of("off"), (value, at) -> {
      if (value.isBoolean()) {
        if (value.asBoolean()) {
          throw new InvalidInputException(node.file(), at, "true is not an activation format: use off, int8 (any int2-int16) or fp16");
        }
        return "off";
      }
      return activationFormat.read(value, at);
    });
    String calibration = node.string("calibration", "minmax");
    if (!calibration.equals("minmax") && !calibration.matches("percentile:(\\d+(\\.\\d+)?)")) {
      throw new InvalidInputException(node.file(), node.path() + ".calibration", "must be minmax or percentile:P (as in percentile:99.99), got " + calibration);
    }
    if (calibration.startsWith("percentile:")) {
      double p = Double.parseDouble(calibration.substring("percentile:".length()));
      if (p <= 50 || p > 100) {
        throw new InvalidInputException(node.file(), node.path() + ".calibration", "percentile must be in (50, 100], got " + p);
      }
    }
    return new SweepSpec.Quantization(weights, granularities, schemes, activations, calibration);
  }

  private static List<Path> devices(SpecNode spec, Path base) {
    List<String> patterns = spec.list("devices", spec.strings(s -> s));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      String pattern = patterns.get(i);
      List<Path> matched = expand(base, pattern);
      if (matched.isEmpty()) {
        throw new InvalidInputException(spec.file(), "devices[" + i + "]", "'" + pattern + "' matches no device profile (resolved against " + base + ")");
      }
      for (Path p : matched) {
        if (!files.contains(p)) {
          files.add(p);
        }
      }
    }
    return files;
  }

  /** Expands a path whose last element may hold a glob ({@code device-profiles/*.yaml}). */
  static List<Path> expand(Path base, String pattern) {
    Path resolved = base.resolve(pattern).normalize();
    String last = resolved.getFileName() == null ? "" : resolved.getFileName().toString();
    if (!last.contains("*") && !last.contains("?") && !last.contains("[") && !last.contains("{")) {
      return Files.isRegularFile(resolved) ? List.of(resolved) : List.of();
    }
    Path folder = resolved.getParent();
    List<Path> matched = new ArrayList<>();
    if (folder == null || !Files.isDirectory(folder)) {
      return matched;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, last)) {
      stream.forEach(p -> {
        if (Files.isRegularFile(p)) {
          matched.add(p);
        }
      });
    } catch (IOException e) {
      return matched;
    }
    matched.sort(null);
    return matched;
  }

  private static String architecture(SpecNode node, String key) {
    String spec = node.string(key);
    try {
      Architecture.parse(spec);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(node.file(), node.path() + "." + key, e.problem(), e);
    }
    return spec;
  }

  private static String oneOf(String value, List<String> allowed, String what) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException("unknown " + what + " '" + value + "'; use one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
