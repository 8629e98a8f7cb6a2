package io.edgesweep.report;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The report's plots, two per device, each an SVG ready to inline in report.html.
 *
 * <p>Rendered apart from the page because they are most of its cost and need only the run's
 * results: a sweep draws them on a second thread while it exports the picks ({@link #meanwhile}),
 * whose sizes the page shows. Drawing the first plot in a JVM loads and warms the chart, vector
 * graphics and font code, about two seconds on one core of a slow machine, so overlapping it with
 * the exports' own (ONNX, safetensors, hashing) is what saves the time.
 */
final class ReportPlots {
  private final Map<String, String> inlined;

  private ReportPlots(Map<String, String> inlined) {
    this.inlined = inlined;
  }

  /** Every device's plots, on this thread. */
  static ReportPlots render(RunFolder run) throws IOException {
    Map<String, String> inlined = new HashMap<>();
    for (DeviceResult d : run.devices()) {
      for (AccuracyChart.Axis axis : AccuracyChart.Axis.values()) {
        String id = id(d, axis);
        inlined.put(id, HtmlReport.inline(AccuracyChart.svg(run, d, axis), id, AccuracyChart.title(d, axis)));
      }
    }
    return new ReportPlots(inlined);
  }

  /** The element id of one plot, unique in the page. */
  static String id(DeviceResult device, AccuracyChart.Axis axis) {
    return "plot-" + device.id() + "-" + axis.id();
  }

  String svg(DeviceResult device, AccuracyChart.Axis axis) {
    String svg = inlined.get(id(device, axis));
    if (svg == null) {
      throw new IllegalArgumentException("no plot was rendered for " + id(device, axis));
    }
    return svg;
  }

  /** Plots being rendered on a daemon thread of their own; {@link #get} waits for them. */
  static Pending meanwhile(RunFolder run) {
    FutureTask<ReportPlots> task = new FutureTask<>(() -> render(run));
    Thread thread = new Thread(task, "edgesweep-report-plots");
    thread.setDaemon(true);
    thread.start();
    return new Pending(task);
  }

  /** Plots rendered elsewhere. */
  static final class Pending {
    private final FutureTask<ReportPlots> task;

    private Pending(FutureTask<ReportPlots> task) {
      this.task = task;
    }

    /** The plots, or what failed while rendering them, thrown as it was thrown there. */
    ReportPlots get() throws IOException {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the report's plots were rendered", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        } else if (cause instanceof RuntimeException r) {
          throw r;
        } else if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("rendering the report's plots failed: " + cause, cause);
      }
    }
  }
}
