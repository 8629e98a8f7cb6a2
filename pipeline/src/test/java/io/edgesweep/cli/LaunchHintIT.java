package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.cluster.ProjectBuild;
import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/edgesweep} maps the small class archive of an up-to-date run when the same sweep
 * command ended with a complete run folder last time and none of the files that decide it changed
 * since, and the whole-run archive otherwise (LaunchHint; docs/performance.md). The JVM names the
 * archive it opened at {@code -Xlog:cds=info}.
 */
class LaunchHintIT {
  private static final ProjectBuild BUILD = ProjectBuild.locate();
  private static final Path WHOLE_RUN = BUILD.root().resolve("pipeline/target/edgesweep-cli.jsa");
  private static final Path UP_TO_DATE_RUN = BUILD.root().resolve("pipeline/target/edgesweep-rerun.jsa");
  private static final Path WORK = BUILD.root().resolve("pipeline/target/it-launch-hint");

  @Test
  void anUnchangedCommandMapsTheSmallArchiveAndARunWhoseResultsAreGoneTheWholeOne() throws Exception {
    AtomicFiles.deleteRecursively(WORK);
    Path tmp = Files.createDirectories(WORK.resolve("tmp"));
    awaitArchives(tmp);
    Path out = WORK.resolve("out");
    List<String> sweep = List.of("sweep", "--spec", BUILD.root().resolve("sweeps/demo.yaml").toString(), "--out", out.toString());

    String first = run(tmp, sweep, "first");
    assertThat(first).contains("Opened archive " + WHOLE_RUN).doesNotContain("up to date");
    Path hints = tmp.resolve("edgesweep-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_")).resolve("launch-hints");
    List<Path> written;
    try (Stream<Path> files = Files.list(hints)) {
      written = files.toList();
    }
    assertThat(written).hasSize(1);
    List<String> listed = Files.readAllLines(written.get(0), StandardCharsets.UTF_8);
    assertThat(listed.get(0)).startsWith(out.resolve(".up-to-date").toString());
    assertThat(listed.get(1)).isEqualTo(out.resolve("demo/run.json").toString());
    assertThat(listed).contains(BUILD.root().resolve("sweeps/demo.yaml").toString(),
        BUILD.root().resolve("datasets/fashion-mnist-mini/train.parquet").toString());

    String again = run(tmp, sweep, "again");
    assertThat(again).contains("Opened archive " + UP_TO_DATE_RUN).contains("up to date");

    // The run folder's summary gone: the launcher no longer trusts the hint, and the job runs.
    Files.delete(out.resolve("demo/run.json"));
    String rebuilt = run(tmp, sweep, "rebuilt");
    assertThat(rebuilt).contains("Opened archive " + WHOLE_RUN).doesNotContain("up to date");
    assertThat(out.resolve("demo/run.json")).exists();
    assertThat(run(tmp, sweep, "after")).contains("Opened archive " + UP_TO_DATE_RUN).contains("up to date");
  }

  private static String run(Path tmp, List<String> arguments, String name) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(BUILD.root().resolve("bin/edgesweep").toString());
    command.addAll(arguments);
    Path output = WORK.resolve(name + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(BUILD.root().toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("TMPDIR", tmp.toString());
    builder.environment().put("EDGESWEEP_JAVA_OPTS", "-Xlog:cds=info");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    } finally {
      process.destroyForcibly().waitFor();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }

  /**
   * Both archives made for this build: the launcher dumps them in the background after a build
   * (one at a time, ~30 s on 2 cores); a command starts that, then this waits until it is done.
   */
  private static void awaitArchives(Path tmp) throws IOException, InterruptedException {
    // The launcher maps archives only when it runs the modules' jars, which needs the reactor's
    // transforms jar on the class path (a build of the pipeline module alone lists the local repository's).
    Path transformsJar;
    try (Stream<Path> files = Files.list(BUILD.root().resolve("transforms/target"))) {
      transformsJar = files.filter(p -> p.getFileName().toString().matches("edgesweep-transforms-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no transforms jar: run after mvn package of the whole build"));
    }
    assertThat(Files.readString(BUILD.root().resolve("pipeline/target/runtime-classpath.txt")))
        .as("pipeline/target/runtime-classpath.txt names the reactor's transforms jar (build the whole project, not -pl pipeline)")
        .contains(transformsJar.toString());
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    run(tmp, List.of("--version"), "version");
    while (!(fresh(WHOLE_RUN) && fresh(UP_TO_DATE_RUN) && ProcessHandle.allProcesses().noneMatch(LaunchHintIT::isDump))) {
      assertThat(System.nanoTime()).as("class archives dumped in pipeline/target by bin/edgesweep (run after mvn package)")
          .isLessThan(deadline);
      Thread.sleep(1000);
    }
  }

  /** As the launcher judges it: newer than the jars and the class path it was made from. */
  private static boolean fresh(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      return false;
    }
    List<Path> inputs = new ArrayList<>(List.of(BUILD.root().resolve("pipeline/target/runtime-classpath.txt")));
    for (String module : List.of("pipeline", "transforms")) {
      try (Stream<Path> files = Files.list(BUILD.root().resolve(module + "/target"))) {
        files.filter(p -> p.getFileName().toString().matches("edgesweep-" + module + "-[^-]+(-SNAPSHOT)?\\.jar")).forEach(inputs::add);
      }
    }
    for (Path input : inputs) {
      if (Files.getLastModifiedTime(input).compareTo(Files.getLastModifiedTime(archive)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDump(ProcessHandle p) {
    String arguments = p.info().arguments().map(a -> String.join(" ", a)).orElse("");
    return arguments.contains("-Xshare:dump") && arguments.contains("-XX:SharedArchiveFile=" + BUILD.root().resolve("pipeline/target/edgesweep-"));
  }

  /** A dump this test's commands started and that outlived a failure is stopped with it. */
  @AfterAll
  static void stopDumps() {
    ProcessHandle.allProcesses().filter(LaunchHintIT::isDump).forEach(ProcessHandle::destroyForcibly);
  }
}
