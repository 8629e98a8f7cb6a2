package io.edgesweep.evaluate;

import io.edgesweep.spec.Names;

/**
 * What a device class wants most from the variants that meet its constraints.
 *
 * <p>The pick compares variants by the objective's own key first, then by the other keys in the
 * fixed order accuracy (higher first), bytes, latency, energy (lower first), then by variant id,
 * so that exactly one variant wins and the same input always gives the same pick. The ordering
 * itself lives in {@code io.edgesweep.select}; the profile only names it.
 */
public enum Objective {
  MAX_ACCURACY,
  MIN_BYTES,
  MIN_LATENCY,
  MIN_ENERGY;

  public String yamlName() {
    return Names.of(this);
  }

  /** Parses the YAML spelling, as in {@code max-accuracy}. */
  public static Objective parse(String text, String source, String field) {
    return Names.parse(Objective.class, text, source, field, "objective");
  }

  @Override
  public String toString() {
    return Names.of(this);
  }
}
