package io.edgesweep.pipeline;

import io.edgesweep.InvalidInputException;
import io.edgesweep.compress.ActivationSettings;
import io.edgesweep.compress.DistillStage;
import io.edgesweep.compress.PruneStage;
import io.edgesweep.compress.PruningMethod;
import io.edgesweep.compress.QuantizeStage;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.DeviceProfiles;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TeacherTraining;
import io.edgesweep.report.RunFolderSwap;
import io.edgesweep.transforms.StageKey;
import io.edgesweep.transforms.SweepSettings;
import io.edgesweep.transforms.TeacherTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the client works out before the job starts: the checked spec, the device profiles,
 * the data's hashes, the teacher's address, the stage tree and where results go.
 *
 * <p>All input is checked here, on the client, so that a bad spec, profile, dataset or teacher
 * fails in seconds with a message naming it, before a cluster spends any time on it.
 */
public record SweepPlan(
    SweepSpec spec,
    List<DeviceProfile> devices,
    DataFingerprint data,
    TeacherTask teacher,
    String teacherArch,
    SweepGrid grid,
    SweepSettings settings,
    Path runFolder,
    Path stagingFolder) {

  public static SweepPlan prepare(SweepOptions options, String command) {
    SweepSpec spec = SweepSpecLoader.load(Path.of(options.getSpec()));
    OutputLocations locations = OutputLocations.of(spec.file(), spec.name(), options.getOut(), options.getArtifactRoot());
    List<DeviceProfile> devices = loadDevices(spec);
    DatasetSplits splits = new DatasetSplits(spec.data());
    ParquetImageDatasets.Header header;
    DataFingerprint data;
    // Split files whose exact bytes passed the checks before are not read record by record again.
    Set<String> passed;
    try {
      // Started before Beam's options were built, when the sweep command could (DataChecksAhead).
      DataChecksAhead.Result checked = DataChecksAhead.take(splits, locations.storeRoot())
          .orElseGet(() -> DataChecksAhead.check(splits, locations.storeRoot(), runsHere(options)));
      data = checked.data();
      passed = checked.passed();
      header = checked.header();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.source(), e.field(), e.problem() + " (data: in " + spec.file() + ")", e);
    }

    String teacherArch;
    TeacherTask teacher;
    if (spec.teacher().trainsFirst()) {
      teacherArch = spec.teacher().arch();
      checkFits(spec, "teacher.train.arch", teacherArch, header);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("arch", teacherArch);
      p.put("epochs", spec.teacher().training().epochs());
      p.put("batch_size", spec.teacher().training().batchSize());
      p.put("learning_rate", spec.teacher().training().learningRate());
      p.put("cosine", spec.teacher().training().cosine());
      p.put("seed", spec.teacher().training().seed());
      p.put("train_sha256", data.train());
      p.put("validation_sha256", data.validation());
      p.put("test_sha256", data.test());
      String key = StageKey.of("", "train-teacher", p);
      teacher = new TeacherTask(key, logitsKey(key, data), null, teacherArch, spec.teacher().training());
    } else {
      ModelArtifact model;
      try {
        model = ModelArtifact.read(spec.teacher().model());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(spec.file(), "teacher.model", e.getMessage(), e);
      }
      teacherArch = model.architecture().spec();
      checkFits(spec, "teacher.model", teacherArch, header);
      if (model.architecture().isTorchScript() && !(header.shape().toString().equals(model.manifest().inputShape())
          && header.classNames().equals(model.manifest().classNames()))) {
        throw new InvalidInputException(spec.file(), "teacher.model", "the TorchScript module was imported for " + model.manifest().inputShape()
            + " images of classes " + model.manifest().classNames() + ", the data has " + header.shape() + " images of " + header.classNames());
      }
      String key = StageKey.of("", "import-teacher", Map.of("parameters_sha256", model.parametersSha256(), "arch", teacherArch));
      teacher = new TeacherTask(key, logitsKey(key, data), spec.teacher().model().toAbsolutePath().toString(), null, null);
    }
    List<String> students = spec.stage(DistillStage.Spec.class).students();
    for (int i = 0; i < students.size(); i++) {
      String student = students.get(i);
      if (!student.equals("teacher")) {
        checkFits(spec, "grid.distillation.students[" + i + "]", student, header);
      }
    }
    checkTorchScriptTeacher(spec, teacherArch);
    SweepGrid grid = SweepGrid.expand(spec, teacher.key(), teacherArch, data);

    Path out = locations.out();
    String storeRoot = locations.storeRoot();
    checkFlags(options);
    int parallelism = options.getParallelism() > 0 ? options.getParallelism() : Runtime.getRuntime().availableProcessors();
    int threads = options.getDjlThreads() > 0 ? options.getDjlThreads() : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
    // On request, on a runner in this process, the running tasks share the cores (TorchRuntime.shareCores),
    // when every model of the grid is dense: other layers keep the fixed count (TorchRuntime.canShareCores).
    boolean shareCores = options.getShareCores() && options.getDjlThreads() == 0 && runsHere(options)
        && sharesCores(teacherArch, students);
    SweepSettings settings = new SweepSettings(
        spec.data().toAbsolutePath().toString(), storeRoot, spec.evaluationBatchSize(), devices, threads, command, data.test(),
        shareCores);
    locations.checkWritable();
    try {
      settings.store().prepare();
      SplitChecks.remember(settings.store(), data, passed);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(options.getArtifactRoot() != null ? "--artifact-root" : "--out", null, e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new InvalidInputException(options.getArtifactRoot() != null ? "--artifact-root" : "--out", null,
          "the artifact store cannot be written: " + e.getMessage(), e);
    }
    Path runFolder = locations.runFolder();
    RunFolderSwap.recover(runFolder);
    Path staging = RunFolderSwap.stagingFolder(out, spec.name());
    SweepPlan plan = new SweepPlan(spec, devices, data, teacher, teacherArch, grid, settings, runFolder, staging);
    try {
      StoreGrowth.check(StoreGrowth.estimate(plan, header.rows(), header.classNames().size()), locations.localStore(), out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot estimate the free space for " + settings.storeRoot() + ": " + e.getMessage(), e);
    }
    return plan;
  }

  /** Numeric options in range: they may arrive as Beam arguments, which picocli has not seen. */
  private static void checkFlags(SweepOptions options) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (options.getParallelism() < -1 || options.getParallelism() > 4096) {
      throw new InvalidInputException("--parallelism", null, options.getParallelism() + " is outside 0..4096 (0 = the number of cores)");
    }
    if (options.getDjlThreads() < 0 || options.getDjlThreads() > 256) {
      throw new InvalidInputException("--djl-threads", null, options.getDjlThreads() + " is outside 0..256 (0 = cores / parallelism)");
    }
    if (runsHere(options) && options.getDjlThreads() > cores) {
      throw new InvalidInputException("--djl-threads", null, options.getDjlThreads() + " is more than the " + cores
          + " cores here, where the job runs; more threads than cores only slows each one down");
    }
  }

  /** Whether the teacher and every student may share cores (dense layers only); "teacher" as a student is the teacher. */
  static boolean sharesCores(String teacherArch, List<String> students) {
    if (!io.edgesweep.model.TorchRuntime.canShareCores(io.edgesweep.model.Architecture.parse(teacherArch))) {
      return false;
    }
    return students.stream().filter(s -> !s.equals("teacher"))
        .allMatch(s -> io.edgesweep.model.TorchRuntime.canShareCores(io.edgesweep.model.Architecture.parse(s)));
  }

  /** Whether the job runs in this process (flink-local, direct, the plain loop), on this machine's cores. */
  static boolean runsHere(SweepOptions options) {
    return !options.getRunner().getSimpleName().equals("FlinkRunner") || "[local]".equals(options.getFlinkMaster());
  }

  /**
   * A TorchScript teacher can only teach: as a variant of its own (student "teacher", at any
   * temperature) it would need its layer sizes for the cost model, or to be re-initialized as a
   * student, and a compiled graph offers neither. Say so before the job starts rather than fail
   * in it; students built from mlp:/cnn: specs distil from it as from any teacher.
   */
  private static void checkTorchScriptTeacher(SweepSpec spec, String teacherArch) {
    if (Architecture.parse(teacherArch).isTorchScript() && spec.stage(DistillStage.Spec.class).students().contains("teacher")) {
      throw new InvalidInputException(spec.file(), "grid.distillation.students",
          "'teacher' is a TorchScript module, which can teach mlp:/cnn: students but cannot be a variant itself "
              + "(the cost model needs its layer sizes, which a compiled graph does not expose); drop 'teacher', "
              + "or export the PyTorch model with torch.onnx.export and use import-onnx instead");
    }
  }

  private static String logitsKey(String teacherKey, DataFingerprint data) {
    return StageKey.of(teacherKey, "teacher-logits", Map.of("train_sha256", data.train()));
  }

  /** The sweep's profiles, each under the spec's policy for it where the spec sets one. */
  static List<DeviceProfile> loadDevices(SweepSpec spec) {
    List<DeviceProfile> devices = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path file : spec.devices()) {
      DeviceProfile device = DeviceProfiles.load(file);
      if (!ids.add(device.id())) {
        throw new InvalidInputException(file.toString(), "id", "'" + device.id() + "' is also the id of another profile in " + spec.file());
      }
      SweepSpec.DevicePolicy policy = spec.constraints().get(device.id());
      if (policy != null) {
        device = device.withConstraints(
            device.constraints().overriddenBy(spec.file(), policy.accuracyFloor(), policy.latencyBudgetMs(), policy.maxModelBytes()));
      }
      devices.add(device);
    }
    for (String id : spec.constraints().keySet()) {
      if (!ids.contains(id)) {
        throw new InvalidInputException(spec.file(), "constraints." + id, "no device profile of this sweep has the id '" + id + "'; its devices are "
            + String.join(", ", devices.stream().map(DeviceProfile::id).toList()));
      }
    }
    return devices;
  }

  private static void checkFits(SweepSpec spec, String field, String arch, ParquetImageDatasets.Header header) {
    Architecture architecture = Architecture.parse(arch);
    ImageDataset empty = new ImageDataset(header.shape(), header.classNames(), new byte[0], new int[0], Map.of());
    try {
      TeacherTraining.checkFits(architecture, empty, spec.data().toString());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(spec.file(), field, e.getMessage(), e);
    }
  }
}
