package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.InvalidInputException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
  @Test
  void aWrappedJobFailureShowsWhereAndTheInnermostCause() {
    Exception failure = new RuntimeException("Pipeline execution failed",
        new IllegalStateException("Job failed", new RuntimeException("runs/artifacts/teacher/k/parameters.safetensors: SHA-256 does not match")));
    assertThat(ErrorReporter.message(failure))
        .isEqualTo("Pipeline execution failed: runs/artifacts/teacher/k/parameters.safetensors: SHA-256 does not match");
  }

  @Test
  void badInputAnywhereInTheChainIsReportedAsItIs() {
    Exception failure = new RuntimeException("wrapper", new InvalidInputException("spec.yaml", "grid.bits[1]", "not a weight format"));
    assertThat(ErrorReporter.message(failure)).isEqualTo("spec.yaml: grid.bits[1]: not a weight format");
  }

  @Test
  void aLoneExceptionWithoutMessageIsNamedByItsType() {
    assertThat(ErrorReporter.message(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
  }

  @Test
  void aFullDiskDeepInAJobFailureNamesTheFileAndIsBadInput() {
    Exception failure = new RuntimeException("Pipeline execution failed", new IllegalStateException("Job failed",
        new java.nio.file.FileSystemException("/data/runs/.demo.staging-h-1-x/variants.parquet", null, "No space left on device")));
    assertThat(ErrorReporter.message(failure)).isEqualTo("/data/runs/.demo.staging-h-1-x/variants.parquet: no space left on the device "
        + "(the disk or quota is full; free some space or run edgesweep store gc)");
    assertThat(ErrorReporter.exitCode(failure)).isEqualTo(2);
  }

  @Test
  void aReadOnlyFolderIsBadInputAndAnInternalErrorIsNot() {
    assertThat(ErrorReporter.exitCode(new java.nio.file.AccessDeniedException("/ro/x"))).isEqualTo(2);
    assertThat(ErrorReporter.message(new java.nio.file.AccessDeniedException("/ro/x"))).isEqualTo("/ro/x: cannot write (read-only file system or no permission)");
    assertThat(ErrorReporter.exitCode(new IllegalStateException("bug"))).isEqualTo(1);
  }

  @Test
  void aJsonParserMessageBecomesALineNamingTheInput() throws Exception {
    java.io.File file = java.io.File.createTempFile("evaluation", ".json");
    java.nio.file.Files.writeString(file.toPath(), "{\"correct\": 8");
    Exception failure;
    try {
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(file);
      throw new AssertionError("parsed");
    } catch (java.io.IOException e) {
      failure = new RuntimeException("wrapped", e);
    } finally {
      file.delete();
    }
    assertThat(ErrorReporter.message(failure)).startsWith(file + ": not valid JSON (truncated or edited?): Unexpected end-of-input");
  }
}
