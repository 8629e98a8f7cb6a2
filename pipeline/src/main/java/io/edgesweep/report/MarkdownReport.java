package io.edgesweep.report;

import java.nio.file.Path;
import java.util.List;

/**
 * report.md: the report's tables as GitHub-flavoured Markdown, for terminals and pull requests.
 *
 * <p>No plots: the tables carry every number the plots show for the front and the picks.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(RunFolder run) {
    return render(run, run.folder());
  }

  /** @param files where the run's files are now: the staging folder while a sweep writes it */
  public static String render(RunFolder run, Path files) {
    StringBuilder m = new StringBuilder();
    m.append("# edgesweep report: ").append(run.name()).append("\n\n");
    m.append(run.summary().path("grid").path("variants").asText()).append(" variants, ").append(run.devices().size())
        .append(" device classes. Plots: report.html. How to read it: docs/report.md.\n\n");
    m.append("## Picks\n\n");
    table(m, ReportTables.picks(run));
    ExportSizesTable.of(run, files).ifPresent(t -> table(m, t));
    for (DeviceResult d : run.devices()) {
      m.append("## ").append(d.id()).append("\n\n").append(ReportTables.limits(d)).append("\n\n_").append(d.reason()).append("_\n\n");
      if (d.front().isEmpty()) {
        m.append("No variant meets this device's constraints: the front is empty.\n\n");
      } else {
        table(m, ReportTables.front(run, d));
      }
      for (String note : ReportTables.notes(run, d)) {
        m.append("> ").append(note).append("\n\n");
      }
    }
    m.append("## Run\n\n");
    table(m, ReportTables.summary(run));
    table(m, ReportTables.stageCounts(run));
    table(m, ReportTables.teacher(run));
    return m.toString();
  }

  private static void table(StringBuilder m, ReportTable t) {
    m.append('*').append(t.caption()).append("*\n\n");
    row(m, t.header().stream().map(h -> h.isEmpty() ? " " : h).toList());
    row(m, t.header().stream().map(h -> "---").toList());
    for (List<String> r : t.rows()) {
      row(m, r);
    }
    m.append('\n');
  }

  private static void row(StringBuilder m, List<String> cells) {
    m.append('|');
    for (String c : cells) {
      m.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    m.append('\n');
  }
}
