package io.edgesweep.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * report.html: one self-contained page with the run summary, the picks, and per device two plots
 * and the Pareto front.
 *
 * <p>Self-contained so it can be mailed, attached to a pull request or opened from file:// on a
 * machine without network: the CSS is inline, the plots are XChart's SVG inlined into the page,
 * and nothing is fetched (no fonts, no scripts). The SVG ids each plot carries are prefixed with
 * the plot's own id, since ids must be unique in one page.
 */
public final class HtmlReport {
  private static final Pattern PROLOG = Pattern.compile("(?s)^.*?(<svg\\b)");
  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");
  private static final Pattern PATH_DATA = Pattern.compile("\\bd=\"([^\"]*)\"");
  private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{3,}");
  private static final Pattern REFERENCE = Pattern.compile("url\\(#([^)]+)\\)|href=\"#([^\"]+)\"");

  private HtmlReport() {}

  public static String render(RunFolder run) throws IOException {
    return render(run, run.folder());
  }

  /** @param files where the run's files are now: the staging folder while a sweep writes it */
  public static String render(RunFolder run, Path files) throws IOException {
    return render(run, files, ReportPlots.render(run));
  }

  /** As above, with the plots rendered already ({@link ReportPlots#meanwhile}). */
  static String render(RunFolder run, Path files, ReportPlots plots) {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>edgesweep report: ").append(escape(run.name())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<header><h1>edgesweep report: ").append(escape(run.name())).append("</h1>\n<p class=\"lede\">")
        .append(escape(run.summary().path("grid").path("variants").asText())).append(" variants of one teacher, evaluated on the validation split and estimated on ")
        .append(run.devices().size()).append(" device classes; one pick per device. How to read it: docs/report.md.</p></header>\n");
    h.append("<nav><a href=\"#picks\">picks</a>");
    for (DeviceResult d : run.devices()) {
      h.append(" · <a href=\"#device-").append(escape(d.id())).append("\">").append(escape(d.id())).append("</a>");
    }
    h.append(" · <a href=\"#run\">run</a></nav>\n");

    h.append("<section id=\"picks-section\"><h2 id=\"picks-title\">Picks</h2>\n");
    table(h, ReportTables.picks(run));
    ExportSizesTable.of(run, files).ifPresent(t -> table(h, t));
    h.append("</section>\n");

    for (DeviceResult d : run.devices()) {
      String id = d.id();
      h.append("<section class=\"device\" id=\"device-").append(escape(id)).append("\">\n<h2>").append(escape(id)).append("</h2>\n");
      h.append("<p class=\"limits\">").append(escape(ReportTables.limits(d))).append("</p>\n");
      h.append("<p class=\"reason\">").append(escape(d.reason())).append("</p>\n");
      h.append("<div class=\"plots\">\n");
      for (AccuracyChart.Axis axis : AccuracyChart.Axis.values()) {
        h.append("<figure class=\"plot\" id=\"").append(escape(ReportPlots.id(d, axis))).append("\">\n")
            .append(plots.svg(d, axis))
            .append("\n<figcaption>").append(escape(caption(axis, AccuracyChart.isDense(run)))).append("</figcaption></figure>\n");
      }
      h.append("</div>\n");
      if (d.front().isEmpty()) {
        h.append("<p class=\"empty\" id=\"front-").append(escape(id)).append("\">No variant meets this device's constraints: the front is empty.</p>\n");
      } else {
        table(h, ReportTables.front(run, d));
      }
      List<String> notes = ReportTables.notes(run, d);
      h.append("<div class=\"notes\" id=\"notes-").append(escape(id)).append("\">");
      for (String note : notes) {
        h.append("<p class=\"note\">").append(escape(note)).append("</p>");
      }
      h.append("</div>\n</section>\n");
    }

    h.append("<section id=\"run\"><h2>Run</h2>\n");
    table(h, ReportTables.summary(run));
    table(h, ReportTables.stageCounts(run));
    table(h, ReportTables.stageTimes(run));
    table(h, ReportTables.teacher(run));
    if (run.spec() != null) {
      h.append("<details><summary>spec.yaml</summary><pre>").append(escape(run.spec())).append("</pre></details>\n");
    }
    h.append("</section>\n<footer>Written by edgesweep from ").append(escape(run.folder().getFileName().toString()))
        .append("/{variants.parquet, pareto.json, picks.json, run.json}; re-render with <code>edgesweep report --run DIR</code>.</footer>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String caption(AccuracyChart.Axis axis, boolean dense) {
    String against = axis == AccuracyChart.Axis.BYTES
        ? "Accuracy against stored model bytes (log scale). "
        : "Accuracy against estimated batch-1 latency. ";
    return against + (dense
        ? "Bars: 95% Wilson intervals of the front members. Dots and crosses (drawn as one image, darker where variants pile up): "
            + "every other variant, crosses infeasible on this device. Line: Pareto front. Diamond: the pick."
        : "Bars: 95% Wilson intervals. Crosses: infeasible on this device. Line: Pareto front. Diamond: the pick.");
  }

  /** The SVG without its XML prolog and doctype, with every id made unique to the plot. */
  static String inline(String svg, String prefix, String title) {
    Matcher start = PROLOG.matcher(svg);
    String body = start.find() ? svg.substring(start.start(1)) : svg;
    body = PATH_DATA.matcher(body).replaceAll(m -> Matcher.quoteReplacement("d=\"" + roundCoordinates(m.group(1)) + "\""));
    body = ID.matcher(body).replaceAll(m -> Matcher.quoteReplacement("id=\"" + prefix + "-" + m.group(1) + "\""));
    body = REFERENCE.matcher(body).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null
        ? "url(#" + prefix + "-" + m.group(1) + ")"
        : "href=\"#" + prefix + "-" + m.group(2) + "\""));
    // XChart draws its text as outlines, so the title is repeated as SVG's own title for screen readers and searches.
    int open = body.indexOf('>') + 1;
    return "<svg role=\"img\" aria-labelledby=\"" + prefix + "-title\"" + body.substring("<svg".length(), open)
        + "<title id=\"" + prefix + "-title\">" + escape(title) + "</title>" + body.substring(open);
  }

  /**
   * Path coordinates to two decimals: a hundredth of a pixel is below what any screen shows, and
   * XChart writes text as glyph outlines with six, which is most of a plot's bytes.
   */
  static String roundCoordinates(String pathData) {
    Matcher m = LONG_DECIMAL.matcher(pathData);
    StringBuilder out = new StringBuilder(pathData.length());
    while (m.find()) {
      String rounded = new java.math.BigDecimal(m.group()).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
      m.appendReplacement(out, Matcher.quoteReplacement(rounded.equals("-0") ? "0" : rounded));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void table(StringBuilder h, ReportTable t) {
    h.append("<table id=\"").append(escape(t.id())).append("\">\n<caption>").append(escape(t.caption())).append("</caption>\n<thead><tr>");
    for (String c : t.header()) {
      h.append("<th>").append(escape(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      boolean pick = row.get(0).endsWith("(pick)");
      h.append(pick ? "<tr class=\"pick\">" : "<tr>");
      for (String c : row) {
        h.append("<td>").append(escape(c)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1240px; padding: 0 24px 48px; color: #222; }
      h1 { font-size: 1.6em; margin: 24px 0 4px; }
      h2 { font-size: 1.25em; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
      .lede, .limits, .reason { color: #444; margin: 4px 0; }
      .reason { font-style: italic; }
      nav { margin: 12px 0; font-size: 0.95em; }
      nav a { color: #1f5fa8; text-decoration: none; }
      table { border-collapse: collapse; margin: 12px 0; font-size: 0.85em; }
      caption { text-align: left; color: #555; padding: 4px 0; font-style: italic; }
      th, td { border: 1px solid #d8d8d8; padding: 3px 7px; text-align: left; vertical-align: top; }
      th { background: #f3f3f3; }
      tr.pick td { background: #fdecea; font-weight: 600; }
      .plots { display: flex; flex-wrap: wrap; gap: 12px; }
      figure.plot { margin: 0; }
      figure.plot svg { width: 560px; height: 380px; display: block; border: 1px solid #eee; }
      figcaption { font-size: 0.8em; color: #555; max-width: 560px; }
      .note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 10px; margin: 6px 0; font-size: 0.9em; }
      .empty { color: #a33; }
      pre { background: #f7f7f7; padding: 10px; overflow-x: auto; font-size: 0.85em; }
      footer { margin-top: 32px; color: #777; font-size: 0.85em; }
      """;
}
