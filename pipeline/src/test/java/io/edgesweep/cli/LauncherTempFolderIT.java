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
 * Java's NIO temp-file API makes (ONNX Runtime's unpacked native libraries, whose folder it could
 * not delete itself) lands there and goes when the command exits, instead of piling up in /tmp.
 */
class LauncherTempFolderIT {
  private static final ProjectBuild BUILD = ProjectBuild.locate();

  @Test
  void onnxRuntimeUnpacksIntoTheCommandsOwnFolderWhichIsGoneAfterIt() throws Exception {
    Path work = BUILD.root().resolve("pipeline/target/it-launcher-tmp");
    AtomicFiles.deleteRecursively(work);
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    // ONNX Runtime says where it unpacks at java.util.logging's FINE level.
    Path logging = work.resolve("logging.properties");
    Files.writeString(logging, String.join("\n", "handlers=java.util.logging.ConsoleHandler",
        "java.util.logging.ConsoleHandler.level=FINE", "ai.onnxruntime.level=FINE", ""));
    ProcessBuilder builder = new ProcessBuilder(BUILD.root().resolve("bin/edgesweep").toString(), "run-onnx",
        "--model", BUILD.root().resolve("transforms/src/test/resources/onnx/mlp.onnx").toString(),
        "--data", BUILD.root().resolve("datasets/fashion-mnist-mini/test.parquet").toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile());
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
    String output = Files.readString(work.resolve("output.txt"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();

    // exec in the launcher keeps its pid: the JVM's folder is <TMPDIR>/edgesweep-<user>/<that pid>.
    Matcher unpacked = Pattern.compile("copying to (\\S+)/onnxruntime-java\\d+/libonnxruntime\\.so").matcher(output);
    assertThat(unpacked.find()).as(output).isTrue();
    Path jvmTemp = Path.of(unpacked.group(1));
    assertThat(jvmTemp.getParent().getParent()).isEqualTo(tmp);
    assertThat(jvmTemp.getParent().getFileName().toString()).startsWith("edgesweep-");
    assertThat(jvmTemp.getFileName().toString()).isEqualTo(Long.toString(process.pid()));

    assertThat(jvmTemp).doesNotExist();
    try (Stream<Path> left = Files.walk(tmp)) {
      List<Path> files = left.filter(Files::isRegularFile).toList();
      assertThat(files).isEmpty();
    }
  }
}
