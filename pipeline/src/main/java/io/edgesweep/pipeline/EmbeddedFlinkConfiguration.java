package io.edgesweep.pipeline;

import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The Flink configuration of the embedded runner's MiniCluster, as the folder Beam reads it from
 * ({@code --flinkConfDir}): Beam gives its local cluster no other way in.
 *
 * <p>Two settings, both about the cluster's start, which every flink-local sweep waits for:
 *
 * <ul>
 *   <li>Network memory sized to the task slots, 8 MB per slot and at least 16 MB. Flink's local
 *       default is 64 MB whatever the slots, allocated and zeroed as direct memory when the
 *       cluster starts; the sweep's exchanges carry a few hundred small records. 16 MB on two slots
 *       is 48 MB less memory to fault in and zero (docs/performance.md: the time with no stage task
 *       0.3-0.6 s shorter in one series on its 2-core VM, within the noise in another).
 *   <li>Managed memory set to what Beam would set it to, 0.4 of the free heap (Flink's default
 *       fraction): left unset, Beam first asks the JVM for a full collection ({@code System.gc()})
 *       to measure that free heap. The streaming job uses none of it; a user's
 *       {@code --streaming=false} gets the same amount as before.
 * </ul>
 *
 * <p>A user's own configuration wins: with {@code FLINK_CONF_DIR} set, or {@code --flinkConfDir}
 * after {@code --}, this one is not used.
 */
final class EmbeddedFlinkConfiguration {
  private static final long MB = 1L << 20;
  /** Folders written by this JVM, by slot count: the managed size is measured once. */
  private static final Map<Integer, Path> WRITTEN = new ConcurrentHashMap<>();

  private EmbeddedFlinkConfiguration() {}

  /** Network memory for {@code slots} task slots, in MB. */
  static long networkMegabytes(int slots) {
    return Math.max(16, 8L * slots);
  }

  /**
   * Managed memory as Beam sizes it for its local cluster (Flink's default fraction of the heap
   * not in use), without its collection first, in MB.
   */
  static long managedMegabytes(long maxHeapBytes, long usedHeapBytes) {
    long free = maxHeapBytes - usedHeapBytes;
    return Math.max(1, (long) (TaskManagerOptions.MANAGED_MEMORY_FRACTION.defaultValue() * free) / MB);
  }

  /** The configuration file's text for {@code slots} task slots and {@code managedMegabytes} of managed memory. */
  static String text(int slots, long managedMegabytes) {
    long network = networkMegabytes(slots);
    return "# Written by edgesweep for its embedded Flink runner (EmbeddedFlinkConfiguration).\n"
        + TaskManagerOptions.NETWORK_MEMORY_MIN.key() + ": " + network + "m\n"
        + TaskManagerOptions.NETWORK_MEMORY_MAX.key() + ": " + network + "m\n"
        + TaskManagerOptions.MANAGED_MEMORY_SIZE.key() + ": " + managedMegabytes + "m\n";
  }

  /**
   * The folder holding the configuration for {@code slots} slots, written once per JVM into the
   * temporary folder (the command's own, removed on exit: {@code ProcessTempFolder}); null when
   * it cannot be written, and the cluster then starts with Flink's defaults.
   */
  static Path folder(int slots) {
    return WRITTEN.computeIfAbsent(slots, s -> {
      Path folder = Path.of(System.getProperty("java.io.tmpdir"))
          .resolve("edgesweep-flink-local-" + ProcessHandle.current().pid() + "-" + s);
      try {
        Files.createDirectories(folder);
        folder.toFile().deleteOnExit();
        Path file = folder.resolve("config.yaml");
        Runtime runtime = Runtime.getRuntime();
        String text = text(s, managedMegabytes(runtime.maxMemory(), runtime.totalMemory() - runtime.freeMemory()));
        AtomicFiles.writeFile(file, temporary -> Files.writeString(temporary, text, StandardCharsets.UTF_8));
        file.toFile().deleteOnExit();
        return folder;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    });
  }
}
