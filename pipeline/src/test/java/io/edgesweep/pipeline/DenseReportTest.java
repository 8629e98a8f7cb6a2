package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.report.DeviceResult;
import io.edgesweep.report.HtmlReport;
import io.edgesweep.report.RunFolder;
import io.edgesweep.report.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a 12,960-variant run (the rows of a real tiny sweep, widened): a few megabytes,
 * the points off the front as one image per plot, the front and pick still vector shapes.
 */
class DenseReportTest {
  @TempDir static Path dir;
  static RunFolder small;

  @BeforeAll
  static void sweep() throws Exception {
    Path spec = TinySweep.writeSpec(dir, "dense", "32, 4");
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});
    small = RunFolder.read(outcome.runFolder());
  }

  @Test
  void aRunOf12960VariantsGivesAReportUnderFiveMegabytesWithOneImagePerPlot() throws Exception {
    RunFolder large = SyntheticRun.widen(small, 12_960, 3);
    String html = HtmlReport.render(large);
    assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("report.html bytes").isLessThan(5_000_000);
    for (DeviceResult d : large.devices()) {
      for (String axis : new String[] {"bytes", "latency"}) {
        String figure = between(html, "<figure class=\"plot\" id=\"plot-" + d.id() + "-" + axis + "\"", "</figure>");
        assertThat(count(figure, "<image")).as(d.id() + " " + axis + " raster layers").isEqualTo(1);
        assertThat(figure).contains("data:image/png;base64,").contains("drawn as one image");
        // Shapes are the axes, text and the front, not one per variant.
        assertThat(count(figure, "<path")).as(d.id() + " " + axis + " vector shapes").isLessThan(1_000 + 3 * d.front().size());
      }
      assertThat(d.front()).as(d.id() + " front").isNotEmpty();
    }
  }

  @Test
  void aSmallRunKeepsEveryPointAndBarAsAVectorShape() throws Exception {
    String html = HtmlReport.render(small);
    for (DeviceResult d : small.devices()) {
      String figure = between(html, "<figure class=\"plot\" id=\"plot-" + d.id() + "-bytes\"", "</figure>");
      assertThat(count(figure, "<image")).isZero();
      assertThat(count(figure, "<path")).isGreaterThan(2 * small.variants().size());
    }
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    return text.substring(from, text.indexOf(end, from));
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
