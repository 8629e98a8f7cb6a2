package io.edgesweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A node of a YAML file (a sweep spec, a device profile) that knows its path, so every error names
 * the file and the key.
 *
 * <p>Reading goes through typed getters that check presence, type and range. Unknown keys are
 * errors, not silently ignored lines (a typo such as {@code ratio:} for {@code ratios:}): either
 * {@link #allowOnly} lists the keys up front, or {@link #finish()} rejects every key no getter
 * asked for. Numbers may be written as YAML numbers or as text Java reads as one (YAML 1.1 leaves
 * {@code 1e9} as text).
 */
public final class SpecNode {
  private final String file;
  private final String path;
  private final JsonNode node;
  private final Set<String> read = new java.util.LinkedHashSet<>();

  /** The root of a file, which must be a mapping. */
  public static SpecNode root(String file, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(file, null, "is not a YAML mapping of fields");
    }
    return new SpecNode(file, "", node);
  }

  public SpecNode(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  public String file() {
    return file;
  }

  public String path() {
    return path;
  }

  /** The file, as errors name it. */
  public String source() {
    return file;
  }

  /** Whether the key is present (and not null); marks it as read either way, so an optional key is never "unknown". */
  public boolean has(String key) {
    read.add(key);
    return node.has(key) && !node.get(key).isNull();
  }

  public InvalidInputException error(String problem) {
    return new InvalidInputException(file, path.isEmpty() ? null : path, problem);
  }

  public SpecNode child(String key) {
    JsonNode child = required(key);
    if (!child.isObject()) {
      throw new InvalidInputException(file, join(key), "must be a mapping of keys to values, got " + describe(child));
    }
    return new SpecNode(file, join(key), child);
  }

  public SpecNode optionalChild(String key) {
    return has(key) ? child(key) : null;
  }

  public void allowOnly(String... keys) {
    Set<String> allowed = new TreeSet<>(List.of(keys));
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new InvalidInputException(file, join(key), "unknown key; allowed here: " + String.join(", ", allowed));
      }
    }
  }

  /** A child mapping; the same as {@link #child}. */
  public SpecNode mapping(String key) {
    return child(key);
  }

  /** The keys of this mapping, in file order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** The full key path of {@code key} in this mapping, for errors. */
  public String field(String key) {
    return join(key);
  }

  /** Rejects every key of this mapping that no getter asked for. */
  public void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!read.contains(key)) {
        throw new InvalidInputException(file, join(key), "unknown key; known keys here are " + read);
      }
    }
  }

  /** Non-empty text, trimmed. */
  public String text(String key) {
    JsonNode value = required(key);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidInputException(file, join(key), "must be non-empty text");
    }
    return value.asText().trim();
  }

  public boolean bool(String key) {
    JsonNode value = required(key);
    if (!value.isBoolean()) {
      throw new InvalidInputException(file, join(key), "must be true or false, got '" + value.asText() + "'");
    }
    return value.asBoolean();
  }

  public double positive(String key) {
    return positive(required(key), join(key));
  }

  public double nonNegative(String key) {
    double number = number(required(key), join(key));
    if (!(number >= 0)) {
      throw new InvalidInputException(file, join(key), "must be zero or positive, got " + number);
    }
    return number;
  }

  public long positiveWhole(String key) {
    double value = positive(required(key), join(key));
    if (value != Math.rint(value) || value > Long.MAX_VALUE) {
      throw new InvalidInputException(file, join(key), "must be a whole number, got " + value);
    }
    return (long) value;
  }

  public int wholeInRange(String key, int min, int max) {
    double value = number(required(key), join(key));
    if (value != Math.rint(value) || value < min || value > max) {
      throw new InvalidInputException(file, join(key), "must be a whole number from " + min + " to " + max + ", got " + value);
    }
    return (int) value;
  }

  /** A number in (0, 1]: a fraction of a peak that was reached. */
  public double fraction(String key) {
    double value = number(required(key), join(key));
    if (!(value > 0 && value <= 1)) {
      throw new InvalidInputException(file, join(key), "must be in (0, 1], got " + value);
    }
    return value;
  }

  /** A number in [0, 1]: a proportion such as an accuracy. */
  public double proportion(String key) {
    double value = number(required(key), join(key));
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidInputException(file, join(key), "must be in [0, 1], got " + value);
    }
    return value;
  }

  /** A YAML list (not a scalar) of distinct non-empty names, trimmed. */
  public List<String> textList(String key) {
    JsonNode value = required(key);
    String f = join(key);
    if (!value.isArray()) {
      throw new InvalidInputException(file, f, "must be a list, as in [int8, int4]");
    }
    if (value.isEmpty()) {
      throw new InvalidInputException(file, f, "is empty; list at least one");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isValueNode() || item.asText().isBlank()) {
        throw new InvalidInputException(file, f + "[" + i + "]", "must be a name, got " + item);
      }
      String text = item.asText().trim();
      if (items.contains(text)) {
        throw new InvalidInputException(file, f + "[" + i + "]", "'" + text + "' is listed twice");
      }
      items.add(text);
    }
    return items;
  }

  /**
   * A non-empty mapping from names to numbers, as in {@code {fp32: 4.8e8, int8: 9.6e8}}.
   *
   * @param name reads a name, given the name and its key path
   * @param value reads the number under a name of the mapping
   * @param what what the mapping must hold at least, for the message when it is empty
   */
  public <K> Map<K, Double> byName(String key, BiFunction<String, String, K> name, BiFunction<SpecNode, String, Double> value, String what) {
    SpecNode map = child(key);
    if (map.node.isEmpty()) {
      throw new InvalidInputException(file, map.path, "is empty; give at least " + what);
    }
    Map<K, Double> result = new LinkedHashMap<>();
    for (String n : map.keys()) {
      result.put(name.apply(n, map.field(n)), value.apply(map, n));
    }
    return result;
  }

  public String string(String key) {
    JsonNode value = required(key);
    if (!value.isTextual() && !value.isNumber()) {
      throw new InvalidInputException(file, join(key), "must be a string, got " + describe(value));
    }
    return value.asText();
  }

  public String string(String key, String fallback) {
    return has(key) ? string(key) : fallback;
  }

  public long wholeNumber(String key, long fallback, long min, long max) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber()) {
      throw new InvalidInputException(file, join(key), "must be a whole number, got " + describe(value));
    }
    long v = value.asLong();
    if (v < min || v > max) {
      throw new InvalidInputException(file, join(key), v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  public int wholeNumber(String key, int fallback, int min, int max) {
    return (int) wholeNumber(key, (long) fallback, min, max);
  }

  public double number(String key, double fallback, double min, double max, boolean maxInclusive) {
    if (!has(key)) {
      return fallback;
    }
    return checkedNumber(node.get(key), join(key), min, max, maxInclusive);
  }

  public double checkedNumber(JsonNode value, String at, double min, double max, boolean maxInclusive) {
    double v = number(value, at);
    if (v < min || v > max || (!maxInclusive && v == max)) {
      throw new InvalidInputException(file, at, v + " is outside [" + min + ", " + max + (maxInclusive ? "]" : ")"));
    }
    return v;
  }

  /** A non-empty list whose items {@code item} converts; a single scalar counts as a list of one. */
  public <T> List<T> list(String key, ItemReader<T> item) {
    JsonNode value = required(key);
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (value.isValueNode()) {
      items.add(value);
    } else {
      throw new InvalidInputException(file, join(key), "must be a list, got " + describe(value));
    }
    if (items.isEmpty()) {
      throw new InvalidInputException(file, join(key), "must not be empty");
    }
    List<T> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = join(key) + "[" + i + "]";
      T converted = item.read(items.get(i), at);
      if (result.contains(converted)) {
        throw new InvalidInputException(file, at, "repeats " + items.get(i).asText());
      }
      result.add(converted);
    }
    return result;
  }

  public <T> List<T> list(String key, List<T> fallback, ItemReader<T> item) {
    return has(key) ? list(key, item) : fallback;
  }

  /** Converts one list item; {@code at} is its full key path for errors. */
  @FunctionalInterface
  public interface ItemReader<T> {
    T read(JsonNode value, String at);
  }

  /** An item reader for strings that {@code parse} turns into values, with its own message. */
  public <T> ItemReader<T> strings(Function<String, T> parse) {
    return (value, at) -> {
      if (!value.isTextual() && !value.isNumber()) {
        throw new InvalidInputException(file, at, "must be a string, got " + describe(value));
      }
      try {
        return parse.apply(value.asText());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(file, at, e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(file, at, e.getMessage(), e);
      }
    };
  }

  private double positive(JsonNode value, String at) {
    double number = number(value, at);
    if (!(number > 0)) {
      throw new InvalidInputException(file, at, "must be positive, got " + number);
    }
    return number;
  }

  /** Reads a YAML number, or text that Java reads as a finite number. */
  private double number(JsonNode value, String at) {
    double number;
    if (value.isNumber()) {
      number = value.asDouble();
    } else if (value.isTextual()) {
      try {
        number = Double.parseDouble(value.asText().trim());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(file, at, "must be a number, got " + describe(value));
      }
    } else {
      throw new InvalidInputException(file, at, "must be a number, got " + describe(value));
    }
    if (!Double.isFinite(number)) {
      throw new InvalidInputException(file, at, "must be a finite number, got " + value.asText());
    }
    return number;
  }

  private JsonNode required(String key) {
    if (!has(key)) {
      throw new InvalidInputException(file, join(key), "missing");
    }
    return node.get(key);
  }

  private String join(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "the string '" + value.asText() + "'";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    return value.getNodeType().toString().toLowerCase() + " " + value.asText();
  }
}
