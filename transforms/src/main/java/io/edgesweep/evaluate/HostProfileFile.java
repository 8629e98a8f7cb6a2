package io.edgesweep.evaluate;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes fitted factors into a device profile's YAML file and leaves every other line as it was.
 *
 * <p>A profile is a reviewed document: each number has its source in a comment, so rewriting the
 * file from a parsed tree would lose exactly what makes it trustworthy. This edits text instead.
 * Inside the top-level {@code compute:} mapping it replaces four entries, each with the comment
 * lines directly above it: {@code efficiency}, {@code layer-overhead-seconds}, {@code
 * layer-kinds} and {@code activation-conversion} (the last two are added when absent). The new
 * entries go where {@code efficiency} stood, each under a comment that names where it came from.
 * Everything else, {@code peak-macs-per-second} included, is kept byte for byte.
 *
 * <p>Numbers are written with {@link #SIGNIFICANT_DIGITS} significant digits; {@link
 * #asWritten(DeviceProfile)} gives the profile as it reads back, so that what a command reports
 * is what the file will estimate.
 */
public final class HostProfileFile {
  public static final int SIGNIFICANT_DIGITS = 4;
  private static final List<String> REPLACED = List.of("efficiency", "layer-overhead-seconds", "layer-kinds", "activation-conversion");

  private HostProfileFile() {}

  /** The profile with every fitted number rounded as this class writes it. */
  public static DeviceProfile asWritten(DeviceProfile fitted) {
    Map<Precision, Double> efficiency = new java.util.LinkedHashMap<>();
    fitted.computeEfficiency().forEach((p, v) -> efficiency.put(p, round(v)));
    Map<String, LayerKindCost> kinds = new java.util.LinkedHashMap<>();
    fitted.layerKinds().forEach((k, c) -> kinds.put(k, new LayerKindCost(round(c.relativeSpeed()), round(c.overheadSeconds()))));
    Map<String, ActivationConversionCost> conversions = new java.util.LinkedHashMap<>();
    fitted.activationConversion().forEach((f, c) -> conversions.put(f, new ActivationConversionCost(round(c.overheadSeconds()), round(c.secondsPerValue()))));
    return new DeviceProfile(fitted.id(), fitted.name(), fitted.deviceClass(), fitted.ramBytes(), fitted.storageBytes(), fitted.weightsInRam(),
        fitted.bandwidthBytesPerSecond(), fitted.peakMacsPerSecond(), efficiency, round(fitted.memoryEfficiency()), fitted.efficiencyFitted(),
        round(fitted.layerOverheadSeconds()), kinds, conversions, fitted.weightPrecisions(), fitted.storageFormats(), fitted.unpacksWeights(),
        fitted.sparseCompute(), fitted.csrIndexBits(), fitted.joulesPerMac(), fitted.joulesPerByte(), fitted.power(), fitted.constraints(), fitted.objective(),
        fitted.source(), fitted.sourceSha256());
  }

  /**
   * The file's text with the fitted entries replaced.
   *
   * @param provenance comment lines (without {@code #}) saying which command, when, on which
   *     machine and with what error the numbers were measured; written above {@code compute:}'s
   *     efficiency entries
   */
  public static String rewrite(String yaml, String source, DeviceProfile fitted, List<String> provenance) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int compute = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("compute:") || lines.get(i).startsWith("compute:") && lines.get(i).substring(8).trim().startsWith("#")) {
        compute = i;
        break;
      }
    }
    if (compute < 0) {
      throw new InvalidInputException(source, "compute", "no top-level 'compute:' line to write the fitted factors into");
    }
    int end = compute + 1;
    while (end < lines.size() && (lines.get(end).isBlank() || indent(lines.get(end)) > 0 || lines.get(end).startsWith("#") && continuesBlock(lines, end))) {
      end++;
    }
    // Children of compute: at the indent of its first key.
    int childIndent = -1;
    for (int i = compute + 1; i < end; i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.trim().startsWith("#")) {
        childIndent = indent(line);
        break;
      }
    }
    if (childIndent <= 0) {
      throw new InvalidInputException(source, "compute", "is empty");
    }
    int insertAt = -1;
    List<String> kept = new ArrayList<>(lines.subList(0, compute + 1));
    int i = compute + 1;
    while (i < end) {
      // An entry: comment lines at the child indent, then its key line, then deeper lines.
      int start = i;
      while (i < end && isComment(lines.get(i)) && indent(lines.get(i)) == childIndent) {
        i++;
      }
      if (i >= end) {
        kept.addAll(lines.subList(start, end));
        break;
      }
      String keyLine = lines.get(i);
      int stop = i + 1;
      while (stop < end && (lines.get(stop).isBlank() || indent(lines.get(stop)) > childIndent)) {
        stop++;
      }
      while (stop > i + 1 && lines.get(stop - 1).isBlank()) {
        stop--; // blank lines after an entry separate it from the next; they are not part of it
      }
      String key = key(keyLine, childIndent);
      if (key != null && REPLACED.contains(key)) {
        if (insertAt < 0) {
          insertAt = kept.size();
        }
      } else {
        kept.addAll(lines.subList(start, stop));
      }
      i = stop;
      while (i < end && lines.get(i).isBlank()) {
        kept.add(lines.get(i++));
      }
    }
    if (insertAt < 0) {
      throw new InvalidInputException(source, "compute.efficiency", "missing: there is no entry to put the fitted factors in place of");
    }
    kept.addAll(insertAt, entries(fitted, provenance, " ".repeat(childIndent)));
    kept.addAll(lines.subList(end, lines.size()));
    return String.join("\n", kept);
  }

  /**
   * Rewrites the file in place (atomically) and reads it back: the written profile must load and
   * carry exactly the numbers {@link #asWritten} gives, or the file is left as it was.
   */
  public static DeviceProfile write(Path file, DeviceProfile fitted, List<String> provenance) {
    String source = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read: " + e.getMessage(), e);
    }
    String rewritten = rewrite(yaml, source, fitted, provenance);
    Path check = file.resolveSibling("." + file.getFileName() + ".check.yaml");
    try {
      Files.writeString(check, rewritten, StandardCharsets.UTF_8);
      DeviceProfile reread = DeviceProfiles.load(check);
      DeviceProfile expected = asWritten(fitted);
      if (!sameFactors(reread, expected)) {
        throw new IllegalStateException("the rewritten " + source + " reads back as " + describe(reread) + ", not " + describe(expected));
      }
      AtomicFiles.writeFile(file, temporary -> Files.writeString(temporary, rewritten, StandardCharsets.UTF_8));
      return DeviceProfiles.load(file);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot write: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(check);
      } catch (IOException ignored) {
        // a hidden scratch file beside the profile; the profile itself is already written or untouched
      }
    }
  }

  private static boolean sameFactors(DeviceProfile a, DeviceProfile b) {
    return a.computeEfficiency().equals(b.computeEfficiency()) && a.memoryEfficiency() == b.memoryEfficiency()
        && a.efficiencyFitted() == b.efficiencyFitted() && a.layerOverheadSeconds() == b.layerOverheadSeconds()
        && a.layerKinds().equals(b.layerKinds()) && a.activationConversion().equals(b.activationConversion());
  }

  private static String describe(DeviceProfile p) {
    return "efficiency " + p.computeEfficiency() + ", memory " + p.memoryEfficiency() + ", overhead " + p.layerOverheadSeconds() + ", kinds "
        + p.layerKinds() + ", conversions " + p.activationConversion();
  }

  private static List<String> entries(DeviceProfile fitted, List<String> provenance, String pad) {
    DeviceProfile p = asWritten(fitted);
    List<String> out = new ArrayList<>();
    out.add(pad + "efficiency:");
    for (String line : provenance) {
      out.add(pad + pad + "#" + (line.isEmpty() ? "" : " " + line));
    }
    out.add(pad + pad + "compute:");
    p.computeEfficiency().forEach((precision, value) -> out.add(pad + pad + pad + precision + ": " + number(value)));
    out.add(pad + pad + "memory: " + number(p.memoryEfficiency()));
    out.add(pad + pad + "fitted: " + p.efficiencyFitted());
    out.add(pad + "# Fitted with the efficiencies above: fixed cost of one dense layer (DJL's Linear and ReLU calls).");
    out.add(pad + "layer-overhead-seconds: " + number(p.layerOverheadSeconds()));
    if (!p.layerKinds().isEmpty()) {
      out.add(pad + "# Fitted with the efficiencies above: each kind's speed against a dense layer (multiplies the compute");
      out.add(pad + "# and memory rates) and its own fixed cost per layer.");
      out.add(pad + "layer-kinds:");
      p.layerKinds().forEach((kind, cost) -> {
        out.add(pad + pad + kind + ":");
        out.add(pad + pad + pad + "relative-speed: " + number(cost.relativeSpeed()));
        out.add(pad + pad + pad + "overhead-seconds: " + number(cost.overheadSeconds()));
      });
    }
    if (!p.activationConversion().isEmpty()) {
      out.add(pad + "# Fitted with the efficiencies above: the float32 quantize-dequantize (int) or the two casts (fp16)");
      out.add(pad + "# that simulate quantized activations on every weight layer's input.");
      out.add(pad + "activation-conversion:");
      p.activationConversion().forEach((format, cost) -> {
        out.add(pad + pad + format + ":");
        out.add(pad + pad + pad + "overhead-seconds: " + number(cost.overheadSeconds()));
        out.add(pad + pad + pad + "seconds-per-value: " + number(cost.secondsPerValue()));
      });
    }
    return out;
  }

  static double round(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value;
    }
    return Double.parseDouble(number(value));
  }

  /** {@code 0.3673}, {@code 6.400e-06}: four significant digits, as Java and YAML both read. */
  static String number(double value) {
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e4) {
      return new java.math.BigDecimal(value).round(new java.math.MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%." + (SIGNIFICANT_DIGITS - 1) + "e", value);
  }

  private static boolean continuesBlock(List<String> lines, int i) {
    // A comment at column 0 inside compute belongs to it only if the next non-blank line is indented.
    for (int j = i + 1; j < lines.size(); j++) {
      String line = lines.get(j);
      if (line.isBlank() || isComment(line) && indent(line) == 0) {
        continue;
      }
      return indent(line) > 0;
    }
    return false;
  }

  private static boolean isComment(String line) {
    return line.trim().startsWith("#");
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static String key(String line, int indent) {
    if (indent(line) != indent) {
      return null;
    }
    String body = line.substring(indent);
    int colon = body.indexOf(':');
    return colon < 0 ? null : body.substring(0, colon).trim();
  }
}
