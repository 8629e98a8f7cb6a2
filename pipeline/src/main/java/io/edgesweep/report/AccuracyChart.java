package io.edgesweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One plot of the report: validation accuracy against model bytes or estimated latency on one
 * device, drawn by XChart and written as SVG.
 *
 * <p>Every variant is a point with its 95% Wilson interval as a vertical bar (the interval is not
 * symmetric, so each bar is drawn from its own low and high end rather than as XChart's symmetric
 * error bar); infeasible variants are grey crosses, feasible ones blue circles, the Pareto front
 * an orange line through its members in x order, the pick a red diamond. The front is the front
 * over accuracy, bytes and latency together, so in one projection it need not be a staircase.
 *
 * <p>Above {@link #VECTOR_LIMIT} variants the points off the front are drawn into one image under
 * the vector front and pick, and only the front keeps its bars ({@link DensePlotLayer}), so that a
 * sweep of thousands of variants still gives a page of a few megabytes that opens at once.
 */
public final class AccuracyChart {
  /** What the x axis shows. */
  public enum Axis {
    BYTES("bytes", "model size on the device (log scale)"),
    LATENCY("latency", "estimated latency per example, ms");

    private final String id;
    private final String title;

    Axis(String id, String title) {
      this.id = id;
      this.title = title;
    }

    public String id() {
      return id;
    }
  }

  static final int WIDTH = 560;
  static final int HEIGHT = 380;
  private static final Color FEASIBLE = new Color(0x1f, 0x77, 0xb4);
  private static final Color INFEASIBLE = new Color(0x9a, 0x9a, 0x9a);
  private static final Color FRONT = new Color(0xff, 0x7f, 0x0e);
  private static final Color PICK = new Color(0xd6, 0x27, 0x28);

  private AccuracyChart() {}

  /** The chart as an SVG document. */
  public static String svg(RunFolder run, DeviceResult device, Axis axis) throws IOException {
    XYChart chart = chart(run, device, axis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The plot's title, as drawn and as the SVG's title element. */
  public static String title(DeviceResult device, Axis axis) {
    return device.id() + ": accuracy vs " + (axis == Axis.BYTES ? "model bytes" : "latency");
  }

  static XYChart chart(RunFolder run, DeviceResult device, Axis axis) {
    // Bytes are plotted as log10(bytes) on a linear axis labelled in bytes: a logarithmic axis whose
    // ticks fall between decades too (XChart's own log axis labels decades only, and most sweeps
    // span less than two).
    ToDoubleFunction<VariantRow> x = axis == Axis.BYTES
        ? v -> Math.log10(v.on(device.id()).bytes())
        : v -> v.on(device.id()).latencyMs();
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(title(device, axis));
    chart.setXAxisTitle(axis.title);
    chart.setYAxisTitle("validation accuracy, % (95% CI)");
    style(chart, axis);
    chart.setCustomXAxisTickLabelsFormatter(axis == Axis.BYTES ? v -> Units.bytes(Math.round(Math.pow(10, v))) : Units::significant);
    widenIfFlat(chart, run.variants().stream().mapToDouble(x).toArray());
    chart.setCustomYAxisTickLabelsFormatter(y -> String.format(Locale.ROOT, "%.0f", y));

    List<VariantRow> feasible = new ArrayList<>();
    List<VariantRow> infeasible = new ArrayList<>();
    for (VariantRow v : run.variants()) {
      (v.on(device.id()).feasible() ? feasible : infeasible).add(v);
    }
    List<VariantRow> front = new ArrayList<>();
    for (String id : device.front()) {
      front.add(run.variant(id));
    }
    front.sort(Comparator.comparingDouble(x).thenComparing(VariantRow::id));
    boolean dense = isDense(run);
    double low = 100;
    double high = 0;
    for (VariantRow v : run.variants()) {
      low = Math.min(low, 100 * v.accuracy().low());
      high = Math.max(high, 100 * v.accuracy().high());
      if (!dense) {
        double at = x.applyAsDouble(v);
        XYSeries bar = chart.addSeries("95% CI " + v.id(), new double[] {at, at}, new double[] {100 * v.accuracy().low(), 100 * v.accuracy().high()});
        bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        bar.setMarker(SeriesMarkers.NONE);
        bar.setLineColor(v.on(device.id()).feasible() ? lighter(FEASIBLE) : lighter(INFEASIBLE));
        bar.setLineWidth(1f);
        bar.setShowInLegend(false);
      }
    }
    chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low - 1)));
    chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(high + 1)));
    if (dense) {
      // The legend goes below the plot: the image of the points is painted after it, and would cover it inside.
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      chart.addAnnotation(denseLayer(run, device, x, front));
    }
    // A dense plot's series carry one point each, for the legend; the image holds the rest.
    points(chart, "infeasible (" + infeasible.size() + ")", dense ? first(infeasible) : infeasible, x, INFEASIBLE, SeriesMarkers.CROSS);
    points(chart, "feasible (" + feasible.size() + ")", dense ? first(feasible) : feasible, x, FEASIBLE, SeriesMarkers.CIRCLE);
    if (!front.isEmpty()) {
      XYSeries line = chart.addSeries("Pareto front (" + front.size() + ")", xs(front, x), ys(front));
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(FRONT);
      line.setMarkerColor(FRONT);
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setLineWidth(2f);
    }
    if (device.hasPick()) {
      points(chart, "pick " + device.pick(), List.of(run.variant(device.pick())), x, PICK, SeriesMarkers.DIAMOND);
    }
    return chart;
  }

  /**
   * Whether a run has too many variants to draw each as a vector shape: above this many, the
   * points off the front go into one image (see {@link DensePlotLayer}) and only the front keeps
   * its confidence bars. Below it every shape stays a vector, as a small sweep is best read.
   */
  static boolean isDense(RunFolder run) {
    return run.variants().size() > VECTOR_LIMIT;
  }

  /** Above this many variants a plot draws its points as an image. */
  static final int VECTOR_LIMIT = 500;

  private static DensePlotLayer denseLayer(RunFolder run, DeviceResult device, ToDoubleFunction<VariantRow> x, List<VariantRow> front) {
    java.util.Set<String> onFront = new java.util.HashSet<>(device.front());
    List<DensePlotLayer.Dot> dots = new ArrayList<>();
    // Infeasible first, so the feasible variants are drawn over them where they meet.
    for (boolean feasible : new boolean[] {false, true}) {
      for (VariantRow v : run.variants()) {
        if (v.on(device.id()).feasible() == feasible && !onFront.contains(v.id())) {
          dots.add(new DensePlotLayer.Dot(x.applyAsDouble(v), 100 * v.accuracy().accuracy(), feasible ? FEASIBLE : INFEASIBLE, !feasible));
        }
      }
    }
    List<DensePlotLayer.Member> members = front.stream().map(v -> member(v, x)).toList();
    DensePlotLayer.Member pick = device.hasPick() ? member(run.variant(device.pick()), x) : null;
    return new DensePlotLayer(dots, members, pick, FRONT, PICK);
  }

  private static DensePlotLayer.Member member(VariantRow v, ToDoubleFunction<VariantRow> x) {
    return new DensePlotLayer.Member(x.applyAsDouble(v), 100 * v.accuracy().accuracy(), 100 * v.accuracy().low(), 100 * v.accuracy().high());
  }

  private static List<VariantRow> first(List<VariantRow> rows) {
    return rows.isEmpty() ? rows : rows.subList(0, 1);
  }

  /**
   * Gives the x axis a span when every variant has the same x (all latencies equal on a device
   * whose runtime unpacks weights to one width), which XChart would otherwise label with one
   * long number.
   */
  private static void widenIfFlat(XYChart chart, double[] xs) {
    double min = java.util.Arrays.stream(xs).min().orElse(1);
    double max = java.util.Arrays.stream(xs).max().orElse(1);
    double span = Math.max(Math.abs(max), 1e-9) * 0.1;
    if (max - min > span / 100) {
      return;
    }
    chart.getStyler().setXAxisMin(min - span);
    chart.getStyler().setXAxisMax(max + span);
  }

  private static void points(XYChart chart, String name, List<VariantRow> rows, ToDoubleFunction<VariantRow> x, Color color,
      org.knowm.xchart.style.markers.Marker marker) {
    if (rows.isEmpty()) {
      return;
    }
    XYSeries series = chart.addSeries(name, xs(rows, x), ys(rows));
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    series.setMarker(marker);
    series.setMarkerColor(color);
  }

  private static void style(XYChart chart, Axis axis) {
    var styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    styler.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(new Color(0xcc, 0xcc, 0xcc));
    styler.setPlotGridLinesColor(new Color(0xe6, 0xe6, 0xe6));
    styler.setPlotGridLinesStroke(new BasicStroke(0.8f));
    styler.setChartTitleBoxVisible(false);
    styler.setMarkerSize(7);
    Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    styler.setBaseFont(base);
    styler.setChartTitleFont(base.deriveFont(Font.BOLD, 13f));
    styler.setAxisTitleFont(base.deriveFont(11f));
    styler.setAxisTickLabelsFont(base.deriveFont(10f));
    styler.setLegendFont(base.deriveFont(10f));
    styler.setAntiAlias(true);
  }

  private static double[] xs(List<VariantRow> rows, ToDoubleFunction<VariantRow> x) {
    return rows.stream().mapToDouble(x).toArray();
  }

  private static double[] ys(List<VariantRow> rows) {
    return rows.stream().mapToDouble(v -> 100 * v.accuracy().accuracy()).toArray();
  }

  private static Color lighter(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 110);
  }
}
