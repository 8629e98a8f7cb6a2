package io.edgesweep.cli;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Records the command a user typed, for the provenance of what it writes. */
final class CommandLines {
  private CommandLines() {}

  static String describe(String subcommand, String... parts) {
    return Stream.concat(Stream.of("edgesweep", subcommand), Stream.of(parts))
        .map(p -> p.contains(" ") ? "'" + p + "'" : p)
        .collect(Collectors.joining(" "));
  }
}
