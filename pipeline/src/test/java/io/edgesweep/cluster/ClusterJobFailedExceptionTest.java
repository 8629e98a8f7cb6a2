package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failed job is reported by its innermost cause, which is what the user can fix. */
class ClusterJobFailedExceptionTest {
  @Test
  void takesTheInnermostCause() {
    String trace = String.join("\n",
        "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy",
        "\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:180)",
        "Caused by: org.apache.beam.sdk.util.UserCodeException: io.edgesweep.InvalidInputException: teacher.bin: not a model",
        "\tat org.apache.beam.sdk.util.UserCodeException.wrap(UserCodeException.java:39)",
        "Caused by: io.edgesweep.InvalidInputException: teacher.bin: not a model",
        "\t... 12 more");
    assertThat(ClusterJobFailedException.rootCause(trace)).isEqualTo("io.edgesweep.InvalidInputException: teacher.bin: not a model");
  }

  @Test
  void withoutCausesTakesTheFirstLine() {
    assertThat(ClusterJobFailedException.rootCause("java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)"))
        .isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(ClusterJobFailedException.rootCause("")).isEqualTo("no cause reported");
  }
}
