package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgesweep.report.DeviceResult;
import io.edgesweep.report.ReportFiles;
import io.edgesweep.report.RunFolder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a sweep's report.html in headless Chromium, as a person would from file://, and checks
 * what the browser made of it: every device's two plots and its front table are in the rendered
 * DOM, and a screenshot shows a page, not a blank.
 *
 * <p>Needs Debian's {@code chromium}; skipped with a message saying how to install it when absent.
 */
class ReportInChromiumIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path dir;

  @Test
  void everyDevicesPlotsAndTablesRenderAndTheScreenshotIsNotBlank() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "headless Chromium is not installed at " + CHROMIUM + "; install it with: apt-get install -y chromium");
    Path spec = TinySweep.writeSpec(dir, "browser", "32, 8, 4");
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});
    RunFolder run = RunFolder.read(outcome.runFolder());
    String url = outcome.runFolder().resolve(ReportFiles.HTML).toUri().toString();

    String dom = new String(chromium(List.of("--dump-dom", url), dir.resolve("dom.err")), StandardCharsets.UTF_8);
    assertThat(dom).contains("<table id=\"picks\"");
    for (DeviceResult d : run.devices()) {
      String section = section(dom, d.id());
      for (String axis : List.of("bytes", "latency")) {
        String figure = between(section, "<figure class=\"plot\" id=\"plot-" + d.id() + "-" + axis + "\"", "</figure>");
        assertThat(figure).as(d.id() + " " + axis).contains("<svg").contains(d.id() + ": accuracy vs");
        assertThat(count(figure, "<path")).as(d.id() + " " + axis + " drawn shapes").isGreaterThan(run.variants().size());
      }
      if (d.front().isEmpty()) {
        assertThat(section).contains("the front is empty");
      } else {
        String table = between(section, "<table id=\"front-" + d.id() + "\"", "</table>");
        assertThat(count(table, "<tr")).as(d.id() + " front rows and header").isEqualTo(d.front().size() + 1);
      }
    }

    Path png = dir.resolve("report.png");
    chromium(List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars", url), dir.resolve("screenshot.err"));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG at " + png).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) {
          inked++;
        }
      }
    }
    long sampled = (long) (image.getHeight() / 2) * (image.getWidth() / 2);
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
    assertThat((double) inked / sampled).as("share of pixels that are not white").isGreaterThan(0.03);
  }

  /** Runs headless Chromium with a fresh profile and no network services; returns its standard output. */
  private byte[] chromium(List<String> args, Path errors) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
    command.addAll(args);
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
    try {
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      assertThat(finished).as("Chromium finished within 120 s; its errors: " + errors).isTrue();
      assertThat(process.exitValue()).as("Chromium's exit code; its errors: " + Files.readString(errors)).isZero();
    } finally {
      process.destroyForcibly();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    return Files.readAllBytes(out);
  }

  private static String section(String dom, String device) {
    return between(dom, "id=\"device-" + device + "\"", "</section>");
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'" + start + "' in the rendered DOM").isNotNegative();
    int to = text.indexOf(end, from);
    assertThat(to).as("'" + end + "' after '" + start + "'").isPositive();
    return text.substring(from, to);
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
