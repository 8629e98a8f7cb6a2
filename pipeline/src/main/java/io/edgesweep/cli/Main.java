package io.edgesweep.cli;

import io.edgesweep.pipeline.RunLog;
import picocli.CommandLine;

/** The {@code edgesweep} command line: parses, runs one subcommand, exits with its code. */
public final class Main {
  private Main() {}

  static {
    // picocli's default factory looks for Groovy's closure class when it is first used: a class that
    // is not there, so the class loader opens every one of the ~200 jars on the class path to be sure,
    // 0.15-0.2 s of an up-to-date sweep's ~1 s. edgesweep has no Groovy; picocli's own switch skips it.
    System.setProperty("picocli.disable.closures", "true");
  }

  public static void main(String[] args) {
    ProcessTempFolder.install();
    if (startsWith(args, "sweep")) {
      // Log4j takes a good part of a short command's start (its plugins, the XML configuration): set
      // it up on the second core while picocli parses and the sweep checks whether it is up to date.
      // Nothing may log before awaitLogging(): SLF4J hands a second thread that asks during its
      // set-up a stand-in logger whose messages can be lost.
      logging = new Thread(() -> org.slf4j.LoggerFactory.getLogger(Main.class), "edgesweep-logging-start");
      logging.setDaemon(true);
      logging.start();
    }
    System.exit(run(args));
  }

  private static volatile Thread logging;

  /** Waits until logging is set up, when {@link #main} set it up on another thread; call before the first log line. */
  static void awaitLogging() {
    Thread t = logging;
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      logging = null;
    }
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
