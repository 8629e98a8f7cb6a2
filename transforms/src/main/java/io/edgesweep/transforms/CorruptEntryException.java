package io.edgesweep.transforms;

import java.io.IOException;

/**
 * A store entry whose files do not match what was written: it is never used, only quarantined.
 */
public final class CorruptEntryException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final String problem;

  public CorruptEntryException(String location, String problem) {
    super(location + ": " + problem);
    this.location = location;
    this.problem = problem;
  }

  /** The entry's folder. */
  public String location() {
    return location;
  }

  /** What is wrong with it, without the location. */
  public String problem() {
    return problem;
  }
}
