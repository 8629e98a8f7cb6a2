package io.edgesweep.cli;

/**
 * What every form of the top-level {@code edgesweep} command has: the inherited {@code --verbose},
 * and the usage when no subcommand is given ({@link EdgesweepCommand} with every subcommand, and
 * its sweep-only form that {@link Main} uses for {@code edgesweep sweep}).
 */
abstract class TopLevelCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Read by {@link Main} before parsing, so that logging is set up before any command runs. */
  @picocli.CommandLine.Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces, and Flink's and Beam's messages, on the terminal.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
