package io.edgesweep.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.StageKind;
import io.edgesweep.compress.StageSpec;
import io.edgesweep.compress.Stages;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.spec.SpecNode;
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
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

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
    List<StageSpec> stages = stages(spec.child("grid"), seed);
    List<Path> devices = devices(spec, base);
    int evaluationBatch = 500;
    SpecNode evaluation = spec.optionalChild("evaluation");
    if (evaluation != null) {
      evaluation.allowOnly("batch_size");
      evaluationBatch = evaluation.wholeNumber("batch_size", 500, 1, 100_000);
    }
    return new SweepSpec(source, name, seed, data, teacher, stages, devices, evaluationBatch);
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

  /** Each stage kind reads its own section, in the order of {@link Stages#ALL}; optional ones may be absent. */
  private static List<StageSpec> stages(SpecNode grid, long seed) {
    grid.allowOnly(Stages.ALL.stream().map(StageKind::section).toArray(String[]::new));
    List<StageSpec> stages = new ArrayList<>();
    for (StageKind kind : Stages.ALL) {
      if (kind.required() || grid.has(kind.section())) {
        stages.add(kind.read(grid.child(kind.section()), seed));
      }
    }
    return stages;
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

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
