package io.edgesweep.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A lineage entry as the JSON manifest.json holds, for tests that check its fields by name. */
public final class LineageMaps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LineageMaps() {}

  public static Map<String, Object> fields(LineageEntry entry) {
    return JSON.convertValue(entry, new TypeReference<Map<String, Object>>() {});
  }
}
