import io.edgesweep.report.HtmlReport;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * report.html at scale: widens a real run's rows to many variants (see SyntheticRun in the
 * pipeline's test sources), renders the report and writes it, printing its size and the time
 * the render took. bench/run-benchmarks.sh then times headless Chromium opening it.
 *
 * <p>Usage: {@code java -cp CP bench/ReportBenchmark.java RUN_FOLDER OUT.html [variants]}.
 */
public final class ReportBenchmark {
  public static void main(String[] args) throws Exception {
    Path template = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int variants = args.length > 2 ? Integer.parseInt(args[2]) : 12_960;
    RunFolder run = SyntheticRun.widen(RunFolder.read(template), variants, 3);
    long start = System.nanoTime();
    String html = HtmlReport.render(run);
    double seconds = (System.nanoTime() - start) / 1e9;
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    Files.write(out, bytes);
    System.out.printf("report.html of %,d variants on %d devices: %,d bytes (%.2f MB), written by edgesweep in %.1f s%n",
        variants, run.devices().size(), bytes.length, bytes.length / 1e6, seconds);
  }
}
