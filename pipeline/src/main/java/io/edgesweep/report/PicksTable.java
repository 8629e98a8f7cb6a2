package io.edgesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The picks as a terminal table: one line per device with the chosen variant, its validation and
 * test accuracy, size and latency.
 */
public final class PicksTable {
  private PicksTable() {}

  public static String render(Path picksJson) throws IOException {
    JsonNode root = SelectionJson.JSON.readTree(picksJson.toFile());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"device", "class", "objective", "pick", "model", "val acc (95% CI)", "test acc", "optimism", "test >= floor", "bytes",
      "latency ms"});
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      JsonNode d = it.next().getValue();
      if (d.path("variant").isNull()) {
        JsonNode closest = d.path("floor").path("closest");
        String why = d.path("floor").path("compared").asInt() > 0 && closest.isObject()
            ? String.format("no variant meets the floor with confidence; closest %s (%.2f%%, bound %.2f%%)", closest.path("variant").asText(),
                100 * closest.path("validation_accuracy").asDouble(), 100 * closest.path("lower_bound").asDouble())
            : "no variant fits";
        rows.add(new String[] {d.path("device").asText(), d.path("class").asText(), d.path("objective").asText(), "none", why, "", "", "", "", "", ""});
        continue;
      }
      JsonNode m = d.path("metrics");
      JsonNode c = m.path("coordinates");
      JsonNode val = m.path("validation_accuracy");
      // The description covers every stage of the grid; picks.json files written before it had one
      // are described from the three original stages' coordinates.
      String model = m.hasNonNull("description") ? m.path("description").asText()
          : String.format("%s T=%s %s w%s a=%s", m.path("arch").asText(), c.path("temperature").asText(),
              c.path("pruning_ratio").asDouble() == 0 ? "unpruned" : c.path("pruning_method").asText() + "@" + c.path("pruning_ratio").asText(),
              c.path("weights").asText(), c.path("activations").asText());
      rows.add(new String[] {
        d.path("device").asText(),
        d.path("class").asText(),
        d.path("objective").asText(),
        d.path("variant").asText(),
        model,
        String.format("%.2f%% [%.2f, %.2f]", 100 * val.path("accuracy").asDouble(), 100 * val.path("low").asDouble(), 100 * val.path("high").asDouble()),
        String.format("%.2f%%", 100 * d.path("test_accuracy").path("accuracy").asDouble()),
        d.has("optimism") ? String.format("%+.2f pt", 100 * d.path("optimism").asDouble()) : "",
        d.has("test_meets_floor") ? (d.path("test_meets_floor").asBoolean() ? "yes" : "NO") : "",
        Units.bytes(m.path("bytes").asLong()),
        String.format("%.3f", m.path("latency_ms").asDouble())
      });
    }
    return format(rows);
  }

  static String format(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        b.append(String.format("%-" + widths[i] + "s", row[i]));
        if (i < row.length - 1) {
          b.append("  ");
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
