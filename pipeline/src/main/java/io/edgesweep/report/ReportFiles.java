package io.edgesweep.report;

import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.html and report.md of a run into a folder, each file atomically. */
public final class ReportFiles {
  public static final String HTML = "report.html";
  public static final String MARKDOWN = "report.md";

  private ReportFiles() {}

  public static void write(RunFolder run, Path folder) throws IOException {
    write(run, folder, ReportPlots.render(run));
  }

  /** As above, with the plots rendered already. */
  static void write(RunFolder run, Path folder, ReportPlots plots) throws IOException {
    byte[] html = HtmlReport.render(run, folder, plots).getBytes(StandardCharsets.UTF_8);
    byte[] markdown = MarkdownReport.render(run, folder).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.writeFile(folder.resolve(HTML), temporary -> Files.write(temporary, html));
    AtomicFiles.writeFile(folder.resolve(MARKDOWN), temporary -> Files.write(temporary, markdown));
  }
}
