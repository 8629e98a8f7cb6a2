package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import io.edgesweep.report.HtmlReport;
import io.edgesweep.report.MarkdownReport;
import io.edgesweep.report.ReportFiles;
import io.edgesweep.report.ReportJson;
import io.edgesweep.report.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesweep report}: renders a run folder's report again from its files. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Render the report of a finished run from its files alone (variants.parquet, pareto.json, picks.json, run.json).",
      "Without --format, writes report.html (self-contained, plots as inline SVG) and report.md into the run folder."
    })
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "The run folder, e.g. runs/demo.")
  Path run;

  @Option(names = "--format", description = "html, md or json. html and md go into the run folder (or --out); json to standard output (or --out).")
  String format;

  @Option(names = "--out", description = "File to write instead of the default place.")
  Path out;

  @Override
  public Integer call() throws Exception {
    RunFolder folder = RunFolder.read(run);
    if (format == null) {
      if (out != null) {
        throw new InvalidInputException("--out", null, "needs --format: without it both report.html and report.md are written into the run folder");
      }
      ReportFiles.write(folder, run);
      System.out.printf("wrote %s and %s%n", run.resolve(ReportFiles.HTML), run.resolve(ReportFiles.MARKDOWN));
      return 0;
    }
    switch (format) {
      case "html" -> write(out != null ? out : run.resolve(ReportFiles.HTML), HtmlReport.render(folder).getBytes(StandardCharsets.UTF_8));
      case "md" -> write(out != null ? out : run.resolve(ReportFiles.MARKDOWN), MarkdownReport.render(folder).getBytes(StandardCharsets.UTF_8));
      case "json" -> {
        byte[] json = ReportJson.render(folder);
        if (out == null) {
          System.out.write(json);
          System.out.println();
          System.out.flush();
        } else {
          write(out, json);
        }
      }
      default -> throw new InvalidInputException("--format", null, "must be html, md or json, got " + format);
    }
    return 0;
  }

  private static void write(Path file, byte[] bytes) throws java.io.IOException {
    io.edgesweep.data.AtomicFiles.writeFile(file, temporary -> Files.write(temporary, bytes));
    System.out.printf("wrote %s%n", file);
  }
}
