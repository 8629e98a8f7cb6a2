package io.edgesweep.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping read field by field, so that every error names the file and the field's path.
 *
 * <p>Each getter marks its key as read; {@link #finish()} then rejects the keys nobody read, which
 * is how a misspelt or unknown key becomes an error instead of a silently ignored default.
 */
final class YamlFields {
  private final String source;
  private final String path;
  private final JsonNode node;
  private final Set<String> read = new LinkedHashSet<>();

  private YamlFields(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  static YamlFields root(String source, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(source, null, "is not a YAML mapping of fields");
    }
    return new YamlFields(source, "", node);
  }

  String source() {
    return source;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private JsonNode required(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new InvalidInputException(source, field(key), "missing");
    }
    return value;
  }

  /** Whether the key is present (and not null); marks it as read either way, so that an optional key is never "unknown". */
  boolean has(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** The keys of this mapping, in file order. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  YamlFields mapping(String key) {
    JsonNode value = required(key);
    if (!value.isObject()) {
      throw new InvalidInputException(source, field(key), "must be a mapping of fields");
    }
    return new YamlFields(source, field(key), value);
  }

  String text(String key) {
    JsonNode value = required(key);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidInputException(source, field(key), "must be non-empty text");
    }
    return value.asText().trim();
  }

  boolean bool(String key) {
    JsonNode value = required(key);
    if (!value.isBoolean()) {
      throw new InvalidInputException(source, field(key), "must be true or false, got '" + value.asText() + "'");
    }
    return value.asBoolean();
  }

  double positive(String key) {
    return positive(required(key), field(key));
  }

  double nonNegative(String key) {
    String f = field(key);
    double number = number(required(key), f);
    if (!(number >= 0)) {
      throw new InvalidInputException(source, f, "must be zero or positive, got " + number);
    }
    return number;
  }

  long positiveWhole(String key) {
    String f = field(key);
    double value = positive(required(key), f);
    if (value != Math.rint(value) || value > Long.MAX_VALUE) {
      throw new InvalidInputException(source, f, "must be a whole number, got " + value);
    }
    return (long) value;
  }

  int wholeInRange(String key, int min, int max) {
    String f = field(key);
    double value = number(required(key), f);
    if (value != Math.rint(value) || value < min || value > max) {
      throw new InvalidInputException(source, f, "must be a whole number from " + min + " to " + max + ", got " + value);
    }
    return (int) value;
  }

  /** A number in (0, 1]: a fraction of a peak that was reached. */
  double fraction(String key) {
    String f = field(key);
    double value = number(required(key), f);
    if (!(value > 0 && value <= 1)) {
      throw new InvalidInputException(source, f, "must be in (0, 1], got " + value);
    }
    return value;
  }

  /** A number in [0, 1]: a proportion such as an accuracy. */
  double proportion(String key) {
    String f = field(key);
    double value = number(required(key), f);
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidInputException(source, f, "must be in [0, 1], got " + value);
    }
    return value;
  }

  List<String> textList(String key) {
    JsonNode value = required(key);
    String f = field(key);
    if (!value.isArray()) {
      throw new InvalidInputException(source, f, "must be a list, as in [int8, int4]");
    }
    if (value.isEmpty()) {
      throw new InvalidInputException(source, f, "is empty; list at least one");
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isValueNode() || item.asText().isBlank()) {
        throw new InvalidInputException(source, f + "[" + i + "]", "must be a name, got " + item);
      }
      String text = item.asText().trim();
      if (items.contains(text)) {
        throw new InvalidInputException(source, f + "[" + i + "]", "'" + text + "' is listed twice");
      }
      items.add(text);
    }
    return items;
  }

  /** A mapping from precision names to positive numbers, as in {@code {fp32: 4.8e8, int8: 9.6e8}}. */
  Map<Precision, Double> positiveByPrecision(String key) {
    return byPrecision(key, YamlFields::positive);
  }

  /** Like {@link #positiveByPrecision} with every value in (0, 1]. */
  Map<Precision, Double> fractionByPrecision(String key) {
    return byPrecision(key, YamlFields::fraction);
  }

  private Map<Precision, Double> byPrecision(String key, java.util.function.BiFunction<YamlFields, String, Double> value) {
    YamlFields map = mapping(key);
    Map<Precision, Double> result = new LinkedHashMap<>();
    if (map.node.isEmpty()) {
      throw new InvalidInputException(source, map.path, "is empty; give at least fp32");
    }
    Iterator<String> names = map.node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      Precision precision = Precision.parse(name, source, map.field(name));
      result.put(precision, value.apply(map, name));
    }
    return result;
  }

  /** Rejects every key of this mapping that no getter asked for. */
  void finish() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        throw new InvalidInputException(source, field(name), "unknown key; known keys here are " + read);
      }
    }
  }

  private double positive(JsonNode value, String f) {
    double number = number(value, f);
    if (!(number > 0)) {
      throw new InvalidInputException(source, f, "must be positive, got " + number);
    }
    return number;
  }

  /** Reads a YAML number; text that Java reads as a finite number (YAML 1.1 leaves {@code 1e9} as text) is accepted too. */
  private double number(JsonNode value, String f) {
    double number;
    if (value.isNumber()) {
      number = value.asDouble();
    } else if (value.isTextual()) {
      try {
        number = Double.parseDouble(value.asText().trim());
      } catch (NumberFormatException e) {
        throw new InvalidInputException(source, f, "must be a number, got '" + value.asText() + "'");
      }
    } else {
      throw new InvalidInputException(source, f, "must be a number, got " + value);
    }
    if (!Double.isFinite(number)) {
      throw new InvalidInputException(source, f, "must be a finite number, got " + value.asText());
    }
    return number;
  }
}
