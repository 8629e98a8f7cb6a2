package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary folders of edgesweep processes that are gone (killed with SIGKILL) are removed. */
class ProcessTempFolderTest {
  @TempDir Path base;

  @Test
  void foldersOfEndedProcessesGoAndLiveOnesStay() throws Exception {
    Path dead = base.resolve("999999999");
    Files.createDirectories(dead.resolve("minicluster_x"));
    Files.write(dead.resolve("flink-rpc-akka-x.jar"), new byte[1024]);
    Path alive = base.resolve(Long.toString(ProcessHandle.current().pid()));
    Files.createDirectories(alive);
    Path other = base.resolve("not-a-pid");
    Files.createDirectories(other);
    ProcessTempFolder.removeFoldersOfEndedProcesses(base);
    assertThat(dead).doesNotExist();
    assertThat(alive).exists();
    assertThat(other).exists();
  }

  @Test
  void aFolderTheLauncherMadeForThisProcessIsAdoptedNotNestedAgain() {
    long pid = ProcessHandle.current().pid();
    assertThat(ProcessTempFolder.isFolderOf(base.resolve("edgesweep-root").resolve(Long.toString(pid)), pid)).isTrue();
    // The system folder itself, another process's folder, or a folder of that name elsewhere: not ours.
    assertThat(ProcessTempFolder.isFolderOf(base, pid)).isFalse();
    assertThat(ProcessTempFolder.isFolderOf(base.resolve("edgesweep-root").resolve(Long.toString(pid + 1)), pid)).isFalse();
    assertThat(ProcessTempFolder.isFolderOf(base.resolve("other").resolve(Long.toString(pid)), pid)).isFalse();
  }
}
