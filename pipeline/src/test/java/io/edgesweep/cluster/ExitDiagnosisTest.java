package io.edgesweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that exits during a cluster's start is explained in one line, whatever way it died. */
class ExitDiagnosisTest {
  @TempDir Path dir;

  @Test
  void aProcessKilledBySigkillIsReportedAsSuch() throws Exception {
    Process killed = new ProcessBuilder("sh", "-c", "kill -9 $$").start();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ExitDiagnosis.exitStatus(killed.exitValue()))
        .isEqualTo("exit code 137 (killed by signal 9, SIGKILL: killed from outside, e.g. by the kernel when memory ran out)");
  }

  @Test
  void anOrdinaryExitCodeIsGivenAsItIs() throws Exception {
    Process exited = new ProcessBuilder("sh", "-c", "exit 2").start();
    assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ExitDiagnosis.exitStatus(exited.exitValue())).isEqualTo("exit code 2");
    assertThat(ExitDiagnosis.exitStatus(255)).isEqualTo("exit code 255");
  }

  @Test
  void aJvmCrashReportGivesItsSignalAndFrame() throws Exception {
    Path out = dir.resolve("taskmanager-2.out");
    Files.write(out, List.of(
        "#",
        "# A fatal error has been detected by the Java Runtime Environment:",
        "#",
        "#  SIGSEGV (0xb) at pc=0x00007f19984d056b, pid=28249, tid=28346",
        "#",
        "# JRE version: OpenJDK Runtime Environment (17.0.15+6)",
        "# Problematic frame:",
        "# V  [libjvm.so+0xcd056b]  Rewriter::Rewriter(InstanceKlass*)+0x35b",
        "#"));
    assertThat(ExitDiagnosis.lastProblem(List.of(out, dir.resolve("absent.log"))))
        .contains("JVM crash: SIGSEGV (0xb) at pc=0x00007f19984d056b, pid=28249, tid=28346, in "
            + "V  [libjvm.so+0xcd056b]  Rewriter::Rewriter(InstanceKlass*)+0x35b");
  }

  @Test
  void aJvmThatGotNoMemorySaysHowMuchItAskedFor() throws Exception {
    // What a real JVM prints (java -Xms64g -Xmx64g -version on a 24 GiB machine), exit code 1, no signal.
    List<String> out = List.of(
        "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007fe48c000000, 68719476736, 0) failed; error='Not enough space' (errno=12)",
        "#",
        "# There is insufficient memory for the Java Runtime Environment to continue.",
        "# Native memory allocation (mmap) failed to map 68719476736 bytes. Error detail: committing reserved memory.",
        "# An error report file with more information is saved as:",
        "# /tmp/hs_err_pid14728.log");
    assertThat(ExitDiagnosis.problemIn(out)).contains("the JVM got no memory: Native memory allocation (mmap) failed to map "
        + "68719476736 bytes. Error detail: committing reserved memory");
  }

  @Test
  void aFlinkStartFailureGivesTheInnermostCauseOfTheLastError() {
    List<String> log = List.of(
        "2026-12-01 14:56:18,388 ERROR org.apache.flink.runtime.Foo [] - an earlier, unrelated error",
        "Caused by: java.io.IOException: earlier",
        "2026-12-01 14:56:19,000 ERROR org.apache.flink.runtime.taskexecutor.TaskManagerRunner [] - Terminating TaskManagerRunner with exit code 1.",
        "org.apache.flink.util.FlinkException: Failed to start the TaskManagerRunner.",
        "Caused by: org.apache.flink.configuration.IllegalConfigurationException: bad memory",
        "Caused by: java.lang.IllegalArgumentException: task heap too small",
        "\tat org.apache.flink.Foo.bar(Foo.java:1)");
    assertThat(ExitDiagnosis.problemIn(log)).contains("Caused by: java.lang.IllegalArgumentException: task heap too small");
  }

  @Test
  void anErrorWithoutCauseIsGivenItselfAndQuietFilesGiveNothing() {
    assertThat(ExitDiagnosis.problemIn(List.of("Error: Could not find or load main class X", "later output")))
        .contains("Error: Could not find or load main class X");
    assertThat(ExitDiagnosis.problemIn(List.of("2026 INFO all is well", "[W1201] a libtorch warning"))).isEmpty();
  }
}
