package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.cluster.ProjectBuild;
import io.edgesweep.data.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/edgesweep} gives the JVM its own temporary folder from the start, so that even what
 * Java's NIO temp-file API makes (ONNX Runtime's temporary folder, which it could not delete
 * itself) lands there and goes when the command exits, instead of piling up in /tmp; beside it,
 * one kept copy of ONNX Runtime's libraries, which every later command loads instead of unpacking
 * them again ({@code OnnxRuntimeNatives}).
 */
class LauncherTempFolderIT {
  private static final ProjectBuild BUILD = ProjectBuild.locate();

  @Test
  void onnxRuntimeLoadsOneKeptCopyAndItsTemporaryFolderIsGoneAfterTheCommand() throws Exception {
    Path work = BUILD.root().resolve("pipeline/target/it-launcher-tmp");
    AtomicFiles.deleteRecursively(work);
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    // ONNX Runtime says where it loads from and what it deletes at java.util.logging's FINE level.
    Path logging = work.resolve("logging.properties");
    Files.writeString(logging, String.join("\n", "handlers=java.util.logging.ConsoleHandler",
        "java.util.logging.ConsoleHandler.level=FINE", "ai.onnxruntime.level=FINE", ""));

    Run first = runOnnx(work, tmp, logging, "first");
    Path kept = first.loadedFrom();
    assertThat(kept.getParent().getParent()).isEqualTo(tmp);
    assertThat(kept.getParent().getFileName().toString()).startsWith("edgesweep-");
    assertThat(kept.getFileName().toString()).startsWith("onnxruntime-natives-");
    // exec in the launcher keeps its pid: the JVM's own folder is <TMPDIR>/edgesweep-<user>/<that pid>.
    assertThat(first.ownFolder()).isEqualTo(kept.resolveSibling(Long.toString(first.pid())));
    assertThat(first.ownFolder()).doesNotExist();
    List<Path> left = filesUnder(tmp);
    assertThat(left).containsExactlyInAnyOrder(kept.resolve("libonnxruntime.so"), kept.resolve("libonnxruntime4j_jni.so"));
    long made = Files.getLastModifiedTime(kept.resolve("libonnxruntime.so")).toMillis();

    Run second = runOnnx(work, tmp, logging, "second");
    assertThat(second.loadedFrom()).isEqualTo(kept);
    assertThat(second.ownFolder()).doesNotExist();
    assertThat(filesUnder(tmp)).isEqualTo(left);
    assertThat(Files.getLastModifiedTime(kept.resolve("libonnxruntime.so")).toMillis()).isEqualTo(made);
  }

  private record Run(long pid, Path loadedFrom, Path ownFolder) {}

  private static Run runOnnx(Path work, Path tmp, Path logging, String name) throws Exception {
    Path output = work.resolve(name + ".txt");
    ProcessBuilder builder = new ProcessBuilder(BUILD.root().resolve("bin/edgesweep").toString(), "run-onnx",
        "--model", BUILD.root().resolve("transforms/src/test/resources/onnx/mlp.onnx").toString(),
        "--data", BUILD.root().resolve("datasets/fashion-mnist-mini/test.parquet").toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("TMPDIR", tmp.toString());
    // No class archive: its dump would run on in the background after the command, a process this test did not stop.
    builder.environment().put("EDGESWEEP_CDS", "0");
    builder.environment().put("EDGESWEEP_JAVA_OPTS", "-Djava.util.logging.config.file=" + logging);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    } finally {
      process.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    Matcher loaded = Pattern.compile("load native library 'onnxruntime' from specified path: (\\S+)").matcher(text);
    assertThat(loaded.find()).as(text).isTrue();
    Matcher deleted = Pattern.compile("Deleting (\\S+)/onnxruntime-java\\d+ on exit").matcher(text);
    assertThat(deleted.find()).as(text).isTrue();
    return new Run(process.pid(), Path.of(loaded.group(1)), Path.of(deleted.group(1)));
  }

  private static List<Path> filesUnder(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
