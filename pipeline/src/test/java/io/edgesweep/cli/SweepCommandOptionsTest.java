package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.pipeline.EmbeddedFlink;
import io.edgesweep.pipeline.SweepJob;
import io.edgesweep.pipeline.SweepOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded runner's Beam options, and a user's own options after {@code --} replacing them. */
class SweepCommandOptionsTest {
  @Test
  void theEmbeddedRunnerStreamsWithTheGivenSlotsUnlessTheUserSaysOtherwise() {
    SweepOptions ours = parse(SweepCommand.withUserOptions(EmbeddedFlink.options(3), List.of()));
    assertThat(ours.isStreaming()).isTrue();
    assertThat(ours.getParallelism()).isEqualTo(3);
    assertThat(ours.getObjectReuse()).isTrue();
    assertThat(ours.getFasterCopy()).isTrue();

    List<String> theirs = SweepCommand.withUserOptions(EmbeddedFlink.options(3), List.of("--streaming=false", "--maxBundleSize=7"));
    assertThat(theirs).doesNotContain("--streaming=true").contains("--streaming=false", "--parallelism=3");
    SweepOptions replaced = parse(theirs);
    assertThat(replaced.isStreaming()).isFalse();
    assertThat(replaced.getMaxBundleSize()).isEqualTo(7L);
    assertThat(replaced.getParallelism()).isEqualTo(3);

    // A configuration folder of the user's replaces the embedded cluster's own.
    List<String> folder = SweepCommand.withUserOptions(EmbeddedFlink.options(3), List.of("--flinkConfDir=/etc/flink"));
    assertThat(folder.stream().filter(o -> o.startsWith("--flinkConfDir=")).toList()).containsExactly("--flinkConfDir=/etc/flink");
    assertThat(parse(folder).getFlinkConfDir()).isEqualTo("/etc/flink");
  }

  private static SweepOptions parse(List<String> args) {
    List<String> all = new java.util.ArrayList<>(List.of("--spec=sweeps/demo.yaml", "--out=runs"));
    all.addAll(args);
    return SweepJob.options(all.toArray(String[]::new));
  }
}
