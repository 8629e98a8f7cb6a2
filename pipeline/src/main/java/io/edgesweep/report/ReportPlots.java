package io.edgesweep.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The report's plots, two per device, each an SVG ready to inline in report.html.
 *
 * <p>Rendered apart from the page because they are most of its cost and need only the run's
 * results: a sweep starts drawing them on a second thread while it exports the picks ({@link
 * #meanwhile}), whose sizes the page shows, and the exporting thread draws what is left once it is
 * done instead of waiting. Drawing the first plot in a JVM loads and warms the chart, vector
 * graphics and font code, about two seconds on one core of a slow machine, so overlapping it with
 * the exports' own (ONNX, safetensors, hashing) is what saves the time. Each plot is drawn on its
 * own (its SVG is the same bytes whichever thread draws it), so the threads just take the next one.
 */
final class ReportPlots {
  private final Map<String, String> inlined;

  private ReportPlots(Map<String, String> inlined) {
    this.inlined = inlined;
  }

  /** Every device's plots, drawn on this thread and a second one. */
  static ReportPlots render(RunFolder run) throws IOException {
    return meanwhile(run).get();
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

  /** Plots being rendered on a daemon thread of their own; {@link Pending#get} draws the rest and waits. */
  static Pending meanwhile(RunFolder run) {
    Pending pending = new Pending(run);
    Thread thread = new Thread(pending::drawRemaining, "edgesweep-report-plots");
    thread.setDaemon(true);
    thread.start();
    return pending;
  }

  /** One plot to draw. */
  private record Plot(DeviceResult device, AccuracyChart.Axis axis) {}

  /** The plots to draw, taken one at a time by whichever thread asks next. */
  static final class Pending {
    private final RunFolder run;
    private final List<Plot> plots = new ArrayList<>();
    private final String[] svgs;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch drawn;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Pending(RunFolder run) {
      this.run = run;
      for (DeviceResult d : run.devices()) {
        for (AccuracyChart.Axis axis : AccuracyChart.Axis.values()) {
          plots.add(new Plot(d, axis));
        }
      }
      this.svgs = new String[plots.size()];
      this.drawn = new CountDownLatch(plots.size());
    }

    /** Draws plots until none is left to take; a failure is kept for {@link #get}. */
    private void drawRemaining() {
      for (int i; (i = next.getAndIncrement()) < plots.size(); ) {
        try {
          Plot plot = plots.get(i);
          String id = id(plot.device(), plot.axis());
          svgs[i] = HtmlReport.inline(AccuracyChart.svg(run, plot.device(), plot.axis()), id, AccuracyChart.title(plot.device(), plot.axis()));
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          drawn.countDown();
        }
      }
    }

    /** The plots, drawing those no thread has taken yet; what failed while drawing them, thrown as it was thrown there. */
    ReportPlots get() throws IOException {
      drawRemaining();
      try {
        drawn.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the report's plots were rendered", e);
      }
      Throwable cause = failure.get();
      if (cause instanceof IOException io) {
        throw io;
      } else if (cause instanceof RuntimeException r) {
        throw r;
      } else if (cause instanceof Error error) {
        throw error;
      } else if (cause != null) {
        throw new IllegalStateException("rendering the report's plots failed: " + cause, cause);
      }
      Map<String, String> inlined = new HashMap<>();
      for (int i = 0; i < plots.size(); i++) {
        inlined.put(id(plots.get(i).device(), plots.get(i).axis()), svgs[i]);
      }
      return new ReportPlots(inlined);
    }
  }
}
