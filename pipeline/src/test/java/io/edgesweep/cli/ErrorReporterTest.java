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
}
