package io.edgesweep.cli;

import io.edgesweep.pipeline.RunLog;
import picocli.CommandLine;

/** The {@code edgesweep} command line: parses, runs one subcommand, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessTempFolder.install();
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code, so tests can call it without exiting. */
  public static int run(String... args) {
    RunLog.verbose(java.util.Arrays.asList(args).contains("--verbose"));
    CommandLine commandLine = new CommandLine(new EdgesweepCommand());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine.execute(args);
  }
}
