package io.edgesweep.cluster;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink configuration folder read the way Flink's processes read it, plus the per-cluster keys
 * the launcher sets, turned into the JVM options and arguments that Flink's shell scripts would
 * compute.
 *
 * <p>Flink's {@code jobmanager.sh}/{@code taskmanager.sh} derive {@code -Xmx}, direct memory and
 * metaspace limits from the memory sizes in {@code config.yaml} (through {@code BashJavaUtils}) and
 * add {@code env.java.opts.*}. Starting the entry points directly skips all of that, so this class
 * calls the same Flink code, and a mistake in the file fails here, before any process starts.
 */
final class ClusterConfig {
  private final Path confDir;
  private final Configuration flink;

  private ClusterConfig(Path confDir, Configuration flink) {
    this.confDir = confDir;
    this.flink = flink;
  }

  /**
   * Reads {@code confDir/config.yaml} and applies {@code overrides} on top, as the {@code -D}
   * arguments of the processes will.
   */
  static ClusterConfig load(Path confDir, Map<String, String> overrides) {
    Path dir = confDir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
      throw new InvalidInputException("--conf " + confDir, null,
          "no " + GlobalConfiguration.FLINK_CONF_FILENAME + " in this folder (the repository's is flink-conf/)");
    }
    if (!Files.isRegularFile(dir.resolve("log4j.properties"))) {
      throw new InvalidInputException("--conf " + confDir, null, "no log4j.properties in this folder");
    }
    Configuration dynamic = new Configuration();
    overrides.forEach(dynamic::setString);
    try {
      return new ClusterConfig(dir, GlobalConfiguration.loadConfiguration(dir.toString(), dynamic));
    } catch (RuntimeException e) {
      throw new InvalidInputException(dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME).toString(), null,
          "Flink cannot read it: " + e.getMessage(), e);
    }
  }

  Path confDir() {
    return confDir;
  }

  Path log4jFile() {
    return confDir.resolve("log4j.properties");
  }

  /** The effective configuration, file and overrides merged. */
  Configuration flink() {
    return flink;
  }

  int restPort() {
    return flink.get(RestOptions.PORT);
  }

  int rpcPort() {
    return flink.get(JobManagerOptions.PORT);
  }

  int slotsPerTaskManager() {
    return flink.get(TaskManagerOptions.NUM_TASK_SLOTS);
  }

  /** Heap, metaspace (and direct memory) limits, then {@code env.java.opts.*}, for the JobManager JVM. */
  List<String> jobManagerJvmOptions() {
    JobManagerProcessSpec spec = jobManagerSpec();
    List<String> options = new ArrayList<>(words(JobManagerProcessUtils.generateJvmParametersStr(spec, flink)));
    options.addAll(javaOpts(CoreOptions.FLINK_DEFAULT_JM_JVM_OPTIONS, CoreOptions.FLINK_JM_JVM_OPTIONS));
    return options;
  }

  /** The memory sizes the JobManager derived, passed to it as {@code -D} pairs as Flink's scripts do. */
  List<String> jobManagerArguments() {
    return words(JobManagerProcessUtils.generateDynamicConfigsStr(jobManagerSpec()));
  }

  /** Heap, direct memory and metaspace limits, then {@code env.java.opts.*}, for a TaskManager JVM. */
  List<String> taskManagerJvmOptions() {
    List<String> options = new ArrayList<>(words(ProcessMemoryUtils.generateJvmParametersStr(taskManagerSpec())));
    options.addAll(javaOpts(CoreOptions.FLINK_DEFAULT_TM_JVM_OPTIONS, CoreOptions.FLINK_TM_JVM_OPTIONS));
    return options;
  }

  /** Every derived memory size and the cores, as {@code -D} pairs for TaskManagerRunner. */
  List<String> taskManagerArguments() {
    return words(TaskExecutorProcessUtils.generateDynamicConfigsStr(taskManagerSpec()));
  }

  /** The TaskManager's resources as Flink derives them; fails with the file's name if they do not add up. */
  TaskExecutorProcessSpec taskManagerSpec() {
    try {
      return TaskExecutorProcessUtils.processSpecFromConfig(flink);
    } catch (RuntimeException e) {
      throw new InvalidInputException(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME).toString(),
          "taskmanager.memory / taskmanager.cpu", e.getMessage(), e);
    }
  }

  JobManagerProcessSpec jobManagerSpec() {
    try {
      return JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
          flink, JobManagerOptions.JVM_HEAP_MEMORY);
    } catch (RuntimeException e) {
      throw new InvalidInputException(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME).toString(),
          "jobmanager.memory", e.getMessage(), e);
    }
  }

  /** The keys {@code overrides} would set, in a stable order, as {@code -D key=value} arguments. */
  static List<String> asArguments(Map<String, String> overrides) {
    List<String> arguments = new ArrayList<>();
    new LinkedHashMap<>(overrides).forEach((key, value) -> {
      arguments.add("-D");
      arguments.add(key + "=" + value);
    });
    return arguments;
  }

  private List<String> javaOpts(ConfigOption<String> roleDefaults, ConfigOption<String> role) {
    List<String> options = new ArrayList<>();
    options.addAll(words(flink.get(CoreOptions.FLINK_DEFAULT_JVM_OPTIONS)));
    options.addAll(words(flink.get(CoreOptions.FLINK_JVM_OPTIONS)));
    options.addAll(words(flink.get(roleDefaults)));
    options.addAll(words(flink.get(role)));
    return options;
  }

  /** Splits on white space, as the shell does with these values in Flink's scripts (no quoting). */
  private static List<String> words(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.trim().split("\\s+")).toList();
  }
}
