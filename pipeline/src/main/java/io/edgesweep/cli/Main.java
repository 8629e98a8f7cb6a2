package io.edgesweep.cli;

import io.edgesweep.pipeline.RunLog;
import picocli.CommandLine;

/** The {@code edgesweep} command line: parses, runs one subcommand, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ProcessTempFolder.install();
    // Log4j takes a good part of a short command's start (its plugins, the XML configuration): set it
    // up on the second core while picocli parses and the command begins; the first log line waits for it.
    Thread logging = new Thread(() -> org.slf4j.LoggerFactory.getLogger(Main.class), "edgesweep-logging-start");
    logging.setDaemon(true);
    logging.start();
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code, so tests can call it without exiting. */
  public static int run(String... args) {
    RunLog.verbose(java.util.Arrays.asList(args).contains("--verbose"));
    CommandLine commandLine = new CommandLine(startsWith(args, "sweep") ? new EdgesweepCommand.SweepOnly() : new EdgesweepCommand());
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine.execute(args);
  }

  /**
   * Whether the subcommand is {@code name}: then only that subcommand is built, not the model of
   * every other one (picocli reads each subcommand's options, types and defaults when the command
   * line is built, which loads their classes), so an up-to-date sweep answers sooner.
   */
  private static boolean startsWith(String[] args, String name) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg.equals(name);
      }
    }
    return false;
  }
}
