package io.edgesweep.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The log file of one sweep: every message of edgesweep, Flink and Beam with full stack traces,
 * while the terminal shows edgesweep's progress and one line per error.
 *
 * <p>A job that fails on the embedded Flink runner makes Flink and Beam log the failure with its
 * stack trace several times over, 100 to 300 lines before the line that says what went wrong. With
 * a run log open those go to the file alone, and the error line names the file. {@code --verbose}
 * keeps everything on the terminal as well, traces included.
 */
public final class RunLog implements AutoCloseable {
  /** The folder under {@code --out} that holds run logs ({@code store gc} removes old ones). */
  public static final String FOLDER = ".logs";
  private static final String APPENDER = "edgesweep-run-log";
  private static final String CONSOLE = "stderr";
  private static final String VERBOSE_CONSOLE = "stderr-verbose";
  private static final String EDGESWEEP = "io.edgesweep";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
  private static volatile boolean verbose;

  private final Path file;
  private final FileAppender appender;
  private boolean closed;

  private RunLog(Path file, FileAppender appender) {
    this.file = file;
    this.appender = appender;
  }

  /** Shows stack traces, and Flink's and Beam's messages during a sweep, on the terminal. */
  public static void verbose(boolean on) {
    if (on == verbose) {
      // Already so (the configuration's default is the short console): Log4j need not start for this.
      return;
    }
    verbose = on;
    Configuration config = context().getConfiguration();
    Appender console = config.getAppender(on ? VERBOSE_CONSOLE : CONSOLE);
    if (console == null) {
      return;
    }
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(CONSOLE);
    root.removeAppender(VERBOSE_CONSOLE);
    root.addAppender(console, null, null);
    context().updateLoggers();
  }

  public static boolean isVerbose() {
    return verbose;
  }

  /** Opens {@code <out>/.logs/<name>-<time>.log} and routes the logs there until closed. */
  public static RunLog start(Path out, String name) throws IOException {
    Path folder = out.resolve(FOLDER);
    Files.createDirectories(folder);
    Path file = folder.resolve(name + "-" + LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid() + ".log");
    LoggerContext context = context();
    Configuration config = context.getConfiguration();
    FileAppender appender = FileAppender.newBuilder()
        .setName(APPENDER)
        .withFileName(file.toString())
        .setLayout(PatternLayout.newBuilder().withConfiguration(config)
            .withPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c: %msg%n%throwable").build())
        .setConfiguration(config)
        .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    root.addAppender(appender, null, null);
    LoggerConfig edgesweep = config.getLoggerConfig(EDGESWEEP);
    if (!verbose && edgesweep.getName().equals(EDGESWEEP)) {
      // edgesweep's own lines keep the terminal; everyone else's go to the file alone.
      edgesweep.setAdditive(false);
      edgesweep.addAppender(config.getAppender(CONSOLE), null, null);
      edgesweep.addAppender(appender, null, null);
      root.removeAppender(CONSOLE);
    }
    context.updateLoggers();
    return new RunLog(file, appender);
  }

  public Path file() {
    return file;
  }

  /** Writes a failure's full stack trace to the file. */
  public void record(Throwable failure) {
    appender.stop();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND,
        StandardOpenOption.CREATE))) {
      out.println("the sweep failed:");
      failure.printStackTrace(out);
    } catch (IOException e) {
      // The error line still reaches the user; only the trace is lost.
    }
  }

  /** Routes the logs back to the terminal alone. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LoggerContext context = context();
    Configuration config = context.getConfiguration();
    LoggerConfig root = config.getRootLogger();
    root.removeAppender(APPENDER);
    LoggerConfig edgesweep = config.getLoggerConfig(EDGESWEEP);
    if (edgesweep.getName().equals(EDGESWEEP)) {
      edgesweep.removeAppender(APPENDER);
      edgesweep.removeAppender(CONSOLE);
      edgesweep.setAdditive(true);
    }
    if (root.getAppenders().isEmpty()) {
      root.addAppender(config.getAppender(verbose ? VERBOSE_CONSOLE : CONSOLE), null, null);
    }
    context.updateLoggers();
    appender.stop();
  }

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }
}
