package io.edgesweep.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which machine a measurement was taken on, in one line, for the provenance of a fitted profile.
 *
 * <p>Read from Linux's {@code /proc/cpuinfo} and {@code /proc/sys/kernel/hostname} where they
 * exist, and from the JVM otherwise; a timing is only meaningful next to the CPU that produced it.
 *
 * @param cpu the CPU's model name, with family and model where the OS gives them
 * @param logicalCpus CPUs the OS shows this process
 * @param hostname the machine's name
 * @param os operating system name, version and architecture
 */
public record MachineDescription(String cpu, int logicalCpus, String hostname, String os) {

  public static MachineDescription current() {
    String cpu = "unknown CPU";
    List<String> cpuinfo = readLines(Path.of("/proc/cpuinfo"));
    String model = field(cpuinfo, "model name");
    if (model != null) {
      String family = field(cpuinfo, "cpu family");
      String number = field(cpuinfo, "model");
      cpu = model + (family != null && number != null ? " (family " + family + ", model " + number + ")" : "");
    }
    List<String> hostnameFile = readLines(Path.of("/proc/sys/kernel/hostname"));
    String hostname = hostnameFile.isEmpty() ? System.getenv().getOrDefault("HOSTNAME", "unknown host") : hostnameFile.get(0).trim();
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    return new MachineDescription(cpu, Runtime.getRuntime().availableProcessors(), hostname, os);
  }

  @Override
  public String toString() {
    return cpu + ", " + logicalCpus + " CPUs, host " + hostname + ", " + os;
  }

  private static String field(List<String> lines, String name) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of(); // provenance only: an unreadable file leaves the field unknown
    }
  }
}
