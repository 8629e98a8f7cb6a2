package io.edgesweep.compress;

import java.util.List;

/**
 * Every stage kind a sweep knows, in the order a variant passes through them.
 *
 * <p>The one registration of a new kind: add it here, where it belongs in the chain.
 */
public final class Stages {
  public static final List<StageKind> ALL = List.of(
      new DistillStage(), new PruneStage(), new QuantizeStage(), new QatStage(), new CodebookStage());

  private Stages() {}

  /** The kind called {@code name}. */
  public static StageKind named(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage kind " + name));
  }

  /** The kind that wrote a lineage entry, or null for a stage this version does not know. */
  public static StageKind of(io.edgesweep.model.LineageEntry entry) {
    return ALL.stream().filter(k -> k.name().equals(entry.stage())).findFirst().orElse(null);
  }

  /** Trims a number as the grid writes it: 4 for 4.0, 0.9 for 0.9. */
  static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
