package io.edgesweep.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A node of a YAML spec that knows its path, so every error names the file and the key.
 *
 * <p>Reading goes through typed getters that check presence, type and range, and {@link
 * #allowOnly} rejects keys nobody reads: a typo such as {@code ratio:} for {@code ratios:} is an
 * error, not a silently ignored line.
 */
public final class SpecNode {
  private final String file;
  private final String path;
  private final JsonNode node;

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

  public boolean has(String key) {
    return node.has(key) && !node.get(key).isNull();
  }

  public InvalidInputException error(String problem) {
    return new InvalidInputException(file, path.isEmpty() ? null : path, problem);
  }

  public SpecNode child(String key) {
    if (!has(key)) {
      throw new InvalidInputException(file, join(key), "missing");
    }
    JsonNode child = node.get(key);
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
    if (!value.isNumber()) {
      throw new InvalidInputException(file, at, "must be a number, got " + describe(value));
    }
    double v = value.asDouble();
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
