package io.edgesweep.compress;

import java.io.Serializable;

/**
 * One column a stage kind adds to variants.parquet and the reports.
 *
 * @param name the column name, snake case
 * @param type its value type; {@link Type#OPTIONAL_DOUBLE} holds null for "none"
 */
public record StageColumn(String name, Type type) implements Serializable {
  public enum Type {
    STRING,
    DOUBLE,
    OPTIONAL_DOUBLE,
    LONG
  }

  public static StageColumn text(String name) {
    return new StageColumn(name, Type.STRING);
  }

  public static StageColumn number(String name) {
    return new StageColumn(name, Type.DOUBLE);
  }

  public static StageColumn whole(String name) {
    return new StageColumn(name, Type.LONG);
  }
}
