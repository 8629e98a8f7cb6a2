package io.edgesweep.transforms;

import io.edgesweep.compress.StageChoice;
import io.edgesweep.compress.StageColumn;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one variant sits in the grid: one choice of every stage kind, in the grid's order.
 *
 * @param id a short, stable name ({@code v007}) in grid order, used in reports and picks
 * @param path the choice of each stage kind, first stage first
 */
public record VariantCoordinates(String id, List<StageChoice> path) implements Serializable {

  public VariantCoordinates {
    path = List.copyOf(path);
  }

  /** The stage columns of this variant, name to value, in the grid's order. */
  public Map<String, Object> columns() {
    Map<String, Object> columns = new LinkedHashMap<>();
    for (StageChoice choice : path) {
      List<StageColumn> names = choice.kind().columns();
      List<Object> values = choice.columnValues();
      for (int i = 0; i < names.size(); i++) {
        columns.put(names.get(i).name(), values.get(i));
      }
    }
    return columns;
  }

  /** The choice of the given type, or null when the grid has no such stage. */
  public <T extends StageChoice> T choice(Class<T> type) {
    for (StageChoice c : path) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** A one-line description: {@code mlp:784-100-10 T=4 magnitude-global 0.9 w8 per-channel symmetric a=int8}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (StageChoice c : path) {
      String part = c.describe();
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return String.join(" ", parts);
  }
}
