package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.transforms.ArtifactStore;
import io.edgesweep.transforms.StoreInspection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure matrix of issue 10, driven through the command line as a user would: each bad spec,
 * profile, dataset, model, flag, store corruption, overlap or leftover of an interrupted run gets
 * one error line naming what is wrong (no stack trace), the exit code (2 for bad input), and loses
 * nothing: the older run folder stays byte-identical and the store verifies.
 *
 * <p>One small sweep runs once on the DirectRunner; each case works on a copy of its output.
 */
class FailureMatrixTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path base;
  private static Map<String, String> baseRun;
  private static String basePicks;

  private Path runs;
  private Path store;
  private Path spec;

  @BeforeAll
  static void runOnce() throws Exception {
    base = shared.resolve("base");
    Files.createDirectories(base);
    Path spec = writeSpec(base, TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini"));
    CommandRun run = CommandRun.of("sweep", "--spec", spec.toString(), "--runner", "direct", "--out", base.resolve("runs").toString(),
        "--parallelism", "2", "--djl-threads", "1");
    assertThat(run.code()).as(run.err()).isZero();
    baseRun = snapshot(base.resolve("runs/tiny"));
    basePicks = Files.readString(base.resolve("runs/tiny/picks.json"));
  }

  @BeforeEach
  void copyBase() throws Exception {
    copy(base, dir);
    runs = dir.resolve("runs");
    store = runs.resolve("artifacts");
    spec = writeSpec(dir, TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini"));
  }

  // ---- spec ----------------------------------------------------------------------------------

  @Test
  void specNamedLikeTheStore() throws Exception {
    edit("name: tiny", "name: artifacts");
    sweepFails(2, "name: 'artifacts' is reserved");
  }

  @Test
  void storeIsTheRunFolder() throws Exception {
    sweepFails(2, List.of("--artifact-root", runs.resolve("tiny").toString()), "--artifact-root: ", "is the run folder");
  }

  @Test
  void storeInsideTheRunFolder() throws Exception {
    sweepFails(2, List.of("--artifact-root", runs.resolve("tiny/store").toString()), "is inside the run folder");
  }

  @Test
  void storeHoldsTheRunFolders() throws Exception {
    sweepFails(2, List.of("--artifact-root", runs.toString()), "run folders would be written inside the store");
  }

  @Test
  void outIsAFile() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    CommandRun run = sweep(List.of("--out", file.toString()));
    expect(run, 2, "--out: ", "is a file");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void storeRootIsAFile() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    sweepFails(2, List.of("--artifact-root", file.toString()), "--artifact-root: ", "is a file, not a folder");
  }

  @Test
  void duplicateYamlKey() throws Exception {
    edit("seed: 5", "seed: 5\nseed: 6");
    sweepFails(2, "tiny.yaml: not valid YAML", "Duplicate field 'seed'");
  }

  @Test
  void distillationEpochsZero() throws Exception {
    edit("epochs: 1, temperatures", "epochs: 0, temperatures");
    sweepFails(2, "grid.distillation.epochs");
  }

  @Test
  void unknownSpecKey() throws Exception {
    edit("seed: 5", "seed: 5\nsed: 6");
    sweepFails(2, "sed");
  }

  @Test
  void badBitWidth() throws Exception {
    edit("bits: [32, 8]", "bits: [32, 1]");
    sweepFails(2, "grid.quantization.bits[1]");
  }

  @Test
  void yamlSyntaxError() throws Exception {
    edit("grid:", "grid: [");
    sweepFails(2, "tiny.yaml: not valid YAML");
  }

  @Test
  void missingSpec() throws Exception {
    CommandRun run = CommandRun.of("sweep", "--spec", dir.resolve("nope.yaml").toString(), "--runner", "direct", "--out", runs.toString());
    expect(run, 2, "nope.yaml: no such sweep spec");
    nothingLost();
  }

  @Test
  void missingDataFolder() throws Exception {
    edit("data: " + TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini"), "data: " + dir.resolve("no-data"));
    sweepFails(2, "tiny.yaml: data: no dataset folder");
  }

  // ---- device profiles -----------------------------------------------------------------------

  @Test
  void profileWithADuplicateKey() throws Exception {
    hostProfileWith("id: host\nid: host2");
    sweepFails(2, "host.yaml", "Duplicate field 'id'");
  }

  @Test
  void twoProfilesWithOneId() throws Exception {
    Path a = profileCopy("host.yaml", "id: host", "id: host");
    Path b = Files.copy(a, a.resolveSibling("host-copy.yaml"));
    edit("[\"" + TestData.repositoryRoot().resolve("device-profiles/host.yaml") + "\"]", "[\"" + a + "\", \"" + b + "\"]");
    sweepFails(2, "'host' is also the id of another profile");
  }

  @Test
  void profileWithAnUnknownKey() throws Exception {
    hostProfileWith("id: host\ncolour: blue");
    sweepFails(2, "host.yaml", "colour");
  }

  // ---- data ----------------------------------------------------------------------------------

  @Test
  void emptyTrainSplit() throws Exception {
    dataWith(DatasetSplits.TRAIN, empty());
    sweepFails(2, "train.parquet: the train split has no examples");
  }

  @Test
  void emptyValidationSplit() throws Exception {
    dataWith(DatasetSplits.VALIDATION, empty());
    sweepFails(2, "validation.parquet: the validation split has no examples; every variant's accuracy is measured on it");
  }

  @Test
  void emptyTestSplitFailsBeforeTraining() throws Exception {
    dataWith(DatasetSplits.TEST, empty());
    long before = storeEntries();
    sweepFails(2, "test.parquet: the test split has no examples");
    assertThat(storeEntries()).isEqualTo(before);
  }

  @Test
  void labelOutsideTheClassesInTheTestSplit() throws Exception {
    ImageDataset test = mini(DatasetSplits.TEST);
    Path file = dataCopy().resolve("test.parquet");
    Files.delete(file);
    org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("LabeledImage").namespace("io.edgesweep.data").fields()
        .requiredInt("label").requiredBytes("pixels").endRecord();
    Map<String, String> metadata = Map.of(ParquetImageDatasets.SHAPE_KEY, test.shape().toString(),
        ParquetImageDatasets.CLASSES_KEY, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(test.classNames()));
    int n = test.shape().pixelCount();
    try (var writer = io.edgesweep.data.AvroParquetFiles.writer(file, schema, metadata)) {
      for (int i = 0; i < test.size(); i++) {
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(schema);
        record.put("label", i == 7 ? 12 : test.label(i));
        record.put("pixels", java.nio.ByteBuffer.wrap(test.pixels(), i * n, n).slice());
        writer.write(record);
      }
    }
    sweepFails(2, "test.parquet: row 7 label: value 12 is outside 0..9");
  }

  @Test
  void testSplitOfAnotherImageShape() throws Exception {
    ImageDataset test = mini(DatasetSplits.TEST);
    byte[] half = Arrays.copyOf(test.pixels(), test.size() * 392);
    dataWith(DatasetSplits.TEST, new ImageDataset(new io.edgesweep.data.ImageShape(1, 14, 28), test.classNames(), half, test.labels(), test.provenance()));
    sweepFails(2, "test.parquet: metadata edgesweep.image.shape: image shape 1x14x28 differs from the train split's 1x28x28");
  }

  @Test
  void validationSplitWithOtherClasses() throws Exception {
    ImageDataset v = mini(DatasetSplits.VALIDATION);
    List<String> classes = new ArrayList<>(v.classNames());
    classes.set(0, "tee");
    dataWith(DatasetSplits.VALIDATION, new ImageDataset(v.shape(), classes, v.pixels(), v.labels(), v.provenance()));
    sweepFails(2, "validation.parquet: metadata edgesweep.classes: classes");
  }

  @Test
  void truncatedTestSplit() throws Exception {
    Path data = dataCopy();
    Path test = data.resolve("test.parquet");
    Files.write(test, Arrays.copyOf(Files.readAllBytes(test), (int) Files.size(test) / 2));
    sweepFails(2, "test.parquet: not a readable Parquet file");
  }

  @Test
  void missingCalibrationSplit() throws Exception {
    Files.delete(dataCopy().resolve("calibration.parquet"));
    sweepFails(2, "calibration: split file calibration.parquet is missing");
  }

  // ---- models --------------------------------------------------------------------------------

  @Test
  void teacherModelFolderMissing() throws Exception {
    teacherModel(dir.resolve("no-teacher"));
    sweepFails(2, "teacher.model");
  }

  @Test
  void teacherModelWithEditedParameters() throws Exception {
    Path teacher = storedTeacherCopy();
    byte[] bytes = Files.readAllBytes(teacher.resolve(ModelArtifact.PARAMETERS));
    bytes[bytes.length - 3] ^= 0x40;
    Files.write(teacher.resolve(ModelArtifact.PARAMETERS), bytes);
    teacherModel(teacher);
    sweepFails(2, "teacher.model", "SHA-256");
  }

  @Test
  void teacherModelWithTruncatedManifest() throws Exception {
    Path teacher = storedTeacherCopy();
    Files.writeString(teacher.resolve(ModelArtifact.MANIFEST), "{\"format\": \"edgesweep-model/1\"");
    teacherModel(teacher);
    sweepFails(2, "teacher.model", "manifest.json");
  }

  @Test
  void trainTeacherDoesNotReplaceAModelWithoutForce() throws Exception {
    Path teacher = storedTeacherCopy();
    Map<String, String> before = snapshot(teacher);
    CommandRun run = CommandRun.of("train-teacher", "--data", TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini").toString(),
        "--arch", "mlp:784-16-10", "--epochs", "1", "--out", teacher.toString());
    expect(run, 2, "--out: ", "already exists; pass --force to replace it");
    assertThat(snapshot(teacher)).isEqualTo(before);
  }

  @Test
  void importTorchScriptDoesNotReplaceAModelWithoutForce() throws Exception {
    importDoesNotReplace("import-torchscript", "transforms/src/test/resources/torchscript/mlp-784-64-10.pt");
  }

  @Test
  void importOnnxDoesNotReplaceAModelWithoutForce() throws Exception {
    importDoesNotReplace("import-onnx", "transforms/src/test/resources/onnx/resnet8.onnx");
  }

  private void importDoesNotReplace(String command, String file) throws Exception {
    Path teacher = storedTeacherCopy();
    Map<String, String> before = snapshot(teacher);
    CommandRun run = CommandRun.of(command, "--file", TestData.repositoryRoot().resolve(file).toString(),
        "--data", TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini").toString(), "--out", teacher.toString());
    expect(run, 2, "--out: ", "already exists; pass --force");
    assertThat(snapshot(teacher)).isEqualTo(before);
  }

  @Test
  void trainTeacherOnAnEmptyTrainSplitIsRefused() throws Exception {
    Path data = dataWith(DatasetSplits.TRAIN, empty());
    CommandRun run = CommandRun.of("train-teacher", "--data", data.toString(), "--arch", "mlp:784-16-10", "--epochs", "1",
        "--out", dir.resolve("t").toString());
    expect(run, 2, "train.parquet: the train split has no examples");
    assertThat(dir.resolve("t")).doesNotExist();
  }

  // ---- flags ---------------------------------------------------------------------------------

  @Test
  void negativeParallelism() throws Exception {
    sweepFails(2, List.of("--parallelism", "-1"), "--parallelism: -1 is negative");
  }

  @Test
  void negativeDjlThreads() throws Exception {
    sweepFails(2, List.of("--djl-threads", "-4"), "--djl-threads: -4 is outside 0..256");
  }

  @Test
  void tooManyDjlThreads() throws Exception {
    sweepFails(2, List.of("--djl-threads", "1000"), "--djl-threads: 1000 is outside 0..256");
  }

  @Test
  void unknownRunner() throws Exception {
    CommandRun run = CommandRun.of("sweep", "--spec", spec.toString(), "--runner", "spark", "--out", runs.toString());
    expect(run, 2, "--runner: must be flink-local, direct or flink");
    nothingLost();
  }

  @Test
  void olderThanThatIsNotAnAge() throws Exception {
    CommandRun run = CommandRun.of("store", "gc", "--artifact-root", store.toString(), "--older-than", "soon");
    expect(run, 2, "--older-than: 'soon' is not an age");
    nothingLost();
  }

  // ---- the store -----------------------------------------------------------------------------

  @Test
  void anEditedEvaluationIsQuarantinedAndRecomputed() throws Exception {
    Path evaluation = anEntry("evaluation").resolve(ArtifactStore.COMPLETE);
    String text = new String(Files.readAllBytes(evaluation), StandardCharsets.ISO_8859_1);
    Files.write(evaluation, text.replaceFirst("\"correct\":\\d+", "\"correct\":999").getBytes(StandardCharsets.ISO_8859_1));
    rerunRecomputes("evaluation", "evaluation.json does not match the SHA-256");
  }

  @Test
  void bitFlippedTeacherLogitsAreQuarantinedAndRecomputed() throws Exception {
    // The entry's one file is mostly the logits (train.safetensors): its middle is theirs.
    Path logits = anEntry("teacher-logits").resolve(ArtifactStore.COMPLETE);
    byte[] bytes = Files.readAllBytes(logits);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(logits, bytes);
    rerunRecomputes("teacher-logits", "train.safetensors does not match the SHA-256");
  }

  @Test
  void aTruncatedStoredModelIsQuarantinedAndRecomputed() throws Exception {
    // The entry's one file ends with the parameters, then the 64-character hash: cut 100 bytes more.
    Path model = anEntry("distill").resolve(ArtifactStore.COMPLETE);
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length - 64 - 100));
    rerunRecomputes("distill", "parameters.safetensors has ");
  }

  @Test
  void aTruncatedMarkerIsQuarantinedAndRecomputed() throws Exception {
    Path marker = anEntry("quantize").resolve("_COMPLETE");
    Files.writeString(marker, Files.readString(marker).substring(0, 30));
    rerunRecomputes("quantize", "_COMPLETE is not valid JSON");
  }

  @Test
  void anEntryFromBeforeHashesIsRecomputed() throws Exception {
    Path entry = anEntry("teacher");
    Files.writeString(entry.resolve("_COMPLETE"), "{\"kind\":\"teacher\",\"key\":\"" + entry.getFileName()
        + "\",\"files\":[\"manifest.json\",\"parameters.safetensors\"]}");
    rerunRecomputes("teacher", "without content hashes");
  }

  @Test
  void verifyNamesACorruptEntryAndExitsOne() throws Exception {
    Path evaluation = anEntry("evaluation").resolve(ArtifactStore.COMPLETE);
    Files.writeString(evaluation, "{}");
    CommandRun run = CommandRun.of("store", "verify", "--artifact-root", store.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("1 corrupt").contains("corrupt     evaluation/" + evaluation.getParent().getFileName());
    CommandRun quarantine = CommandRun.of("store", "verify", "--artifact-root", store.toString(), "--quarantine");
    assertThat(quarantine.out()).contains("moved evaluation/");
    CommandRun clean = CommandRun.of("store", "verify", "--artifact-root", store.toString());
    assertThat(clean.code()).as(clean.out()).isZero();
  }

  @Test
  void gcListsOrphanTemporariesAndRemovesThemOnlyWithDelete() throws Exception {
    Path orphan = anEntry("distill").resolve("._COMPLETE.tmp-" + UUID.randomUUID());
    Files.write(orphan, new byte[1234]);
    CommandRun verify = CommandRun.of("store", "verify", "--artifact-root", store.toString());
    assertThat(verify.code()).isZero();
    assertThat(verify.out()).contains("1 orphaned temporary files");
    CommandRun dry = CommandRun.of("store", "gc", "--artifact-root", store.toString(), "--older-than", "0s");
    assertThat(dry.out()).contains("would remove " + orphan).contains("dry run: nothing was removed");
    assertThat(orphan).exists();
    CommandRun gc = CommandRun.of("store", "gc", "--artifact-root", store.toString(), "--older-than", "0s", "--delete");
    assertThat(gc.code()).isZero();
    assertThat(orphan).doesNotExist();
    nothingLost();
  }

  @Test
  void gcKeepsEveryEntryTheRunUsesAndRemovesOthers() throws Exception {
    Path stray = store.resolve("distill/" + "0".repeat(64));
    new ArtifactStore(store.toString()).put("distill", "0".repeat(64), Map.of("m", new byte[] {1}));
    CommandRun gc = CommandRun.of("store", "gc", "--artifact-root", store.toString(), "--older-than", "0s", "--delete");
    assertThat(gc.out()).contains("removing distill/" + "0".repeat(64) + " (no run refers to it");
    assertThat(stray).doesNotExist();
    nothingLost();
  }

  // ---- run folder swap leftovers -------------------------------------------------------------

  @Test
  void aRunFolderLinkLostByAKillIsRestoredByTheNextReader() throws Exception {
    Files.delete(runs.resolve("tiny"));
    CommandRun run = CommandRun.of("report", "--run", runs.resolve("tiny").toString(), "--format", "json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.isSymbolicLink(runs.resolve("tiny"))).isTrue();
    nothingLost();
  }

  @Test
  void theOldFolderOfTheFormerTwoRenameSwapIsRestoredAndReplaced() throws Exception {
    Path version = runs.resolve("tiny").toRealPath();
    Files.delete(runs.resolve("tiny"));
    Files.move(version, runs.resolve(".tiny.old-" + UUID.randomUUID()));
    CommandRun run = sweep(List.of());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readString(runs.resolve("tiny/picks.json"))).isEqualTo(basePicks);
    try (Stream<Path> list = Files.list(runs)) {
      assertThat(list.map(p -> p.getFileName().toString()).filter(n -> n.contains("old-") || n.contains("staging-"))).isEmpty();
    }
  }

  @Test
  void stagingFoldersOfDeadRunsAreRemovedByTheNextRun() throws Exception {
    String name = io.edgesweep.report.RunFolderSwap.stagingFolder(runs, "tiny").getFileName().toString();
    String dead = name.replaceFirst("-" + ProcessHandle.current().pid() + "-", "-999999999-");
    Files.createDirectories(runs.resolve(dead).resolve("models"));
    CommandRun run = sweep(List.of());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(runs.resolve(dead)).doesNotExist();
  }

  // ---- reading runs --------------------------------------------------------------------------

  @Test
  void reportOnAMissingRunFolder() throws Exception {
    CommandRun run = CommandRun.of("report", "--run", runs.resolve("nope").toString());
    expect(run, 2, "nope: no such run folder");
    nothingLost();
  }

  @Test
  void pickOnATruncatedPicksFile() throws Exception {
    Path picks = runs.resolve("tiny/picks.json");
    Files.writeString(picks, basePicks.substring(0, basePicks.length() / 2));
    CommandRun run = CommandRun.of("pick", "--run", runs.resolve("tiny").toString(), "--device", "host");
    expect(run, 2, "picks.json: not valid JSON");
  }

  // ---- a store that cannot be written, mid-job -----------------------------------------------

  @Test
  void aStoreThatCannotBeWrittenMidJobIsNamedAndTheOldRunStays() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked);
    Files.writeString(blocked.resolve("teacher"), "a file where the store wants a folder");
    CommandRun run = sweep(List.of("--artifact-root", blocked.toString()));
    expect(run, 2, blocked.resolve("teacher").toString(), "cannot write: its folder cannot be created");
    assertThat(run.err()).contains("full trace: " + runs.resolve(".logs"));
    try (Stream<Path> files = Files.walk(blocked)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(ArtifactStore.TEMPORARY))).isEmpty();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Path writeSpec(Path folder, Path data) throws IOException {
    Path root = TestData.repositoryRoot();
    String yaml = """
        name: tiny
        seed: 5
        data: %s
        teacher:
          train: {arch: "mlp:784-16-10", epochs: 1, batch_size: 128, learning_rate: 0.002}
        grid:
          distillation: {students: ["mlp:784-8-10"], epochs: 1, temperatures: [none]}
          pruning: {methods: [magnitude-global], ratios: [0]}
          quantization: {bits: [32, 8], activations: [int8]}
        devices: ["%s"]
        evaluation: {batch_size: 500}
        """.formatted(data, root.resolve("device-profiles/host.yaml"));
    Path spec = folder.resolve("tiny.yaml");
    Files.writeString(spec, yaml);
    return spec;
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(spec);
    assertThat(text).contains(from);
    Files.writeString(spec, text.replace(from, to));
  }

  private CommandRun sweep(List<String> extra) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("--spec", spec.toString());
    options.put("--runner", "direct");
    options.put("--out", runs.toString());
    options.put("--parallelism", "2");
    options.put("--djl-threads", "1");
    for (int i = 0; i + 1 < extra.size(); i += 2) {
      options.put(extra.get(i), extra.get(i + 1));
    }
    List<String> args = new ArrayList<>(List.of("sweep"));
    options.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    return CommandRun.of(args.toArray(String[]::new));
  }

  private void sweepFails(int code, String... messages) throws Exception {
    sweepFails(code, List.of(), messages);
  }

  private void sweepFails(int code, List<String> extra, String... messages) throws Exception {
    expect(sweep(extra), code, messages);
    nothingLost();
  }

  /** One error line (and at most a hint), naming what is wrong, no stack trace. */
  private static void expect(CommandRun run, int code, String... messages) {
    assertThat(run.code()).as(run.err()).isEqualTo(code);
    List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(run.err()).hasSizeBetween(1, 2);
    assertThat(lines.get(0)).startsWith("error: ");
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    for (String m : messages) {
      assertThat(lines.get(0)).contains(m);
    }
  }

  /** The older run folder is byte-identical and the store holds every entry, intact. */
  private void nothingLost() throws Exception {
    assertThat(snapshot(runs.resolve("tiny"))).isEqualTo(baseRun);
    StoreInspection inspection = StoreInspection.of(new ArtifactStore(store.toString()));
    assertThat(inspection.corrupt()).isEmpty();
    assertThat(inspection.intact()).hasSize(StoreInspection.of(new ArtifactStore(base.resolve("runs/artifacts").toString())).intact().size());
  }

  /** A corrupted entry is quarantined (one log line in the run's log) and recomputed; the results do not change. */
  private void rerunRecomputes(String kind, String problem) throws Exception {
    CommandRun run = sweep(List.of());
    assertThat(run.code()).as(run.err()).isZero();
    String log = Files.readString(runs.resolve("tiny/sweep.log"));
    assertThat(log.lines().filter(l -> l.contains("quarantined to")).toList()).singleElement().asString()
        .contains(kind + "/").contains(problem).contains(store.resolve(ArtifactStore.QUARANTINE).toString());
    assertThat(Files.readString(runs.resolve("tiny/picks.json"))).isEqualTo(basePicks);
    StoreInspection inspection = StoreInspection.of(new ArtifactStore(store.toString()));
    assertThat(inspection.corrupt()).isEmpty();
    assertThat(inspection.intact()).hasSize(StoreInspection.of(new ArtifactStore(base.resolve("runs/artifacts").toString())).intact().size());
  }

  private Path anEntry(String kind) throws IOException {
    try (Stream<Path> list = Files.list(store.resolve(kind))) {
      return list.sorted().findFirst().orElseThrow();
    }
  }

  private long storeEntries() throws IOException {
    return StoreInspection.of(new ArtifactStore(store.toString())).intact().size();
  }

  private Path storedTeacherCopy() throws IOException {
    Path teacher = dir.resolve("teacher-model");
    Files.createDirectories(teacher);
    Map<String, byte[]> entry = new ArtifactStore(store.toString()).get("teacher", anEntry("teacher").getFileName().toString());
    for (String f : List.of(ModelArtifact.MANIFEST, ModelArtifact.PARAMETERS)) {
      Files.write(teacher.resolve(f), entry.get(f));
    }
    return teacher;
  }

  private void teacherModel(Path folder) throws IOException {
    String text = Files.readString(spec).replaceFirst("train: \\{[^}]*\\}", "model: " + folder);
    Files.writeString(spec, text);
  }

  /** The spec's host profile replaced by a copy whose {@code id: host} line reads {@code replacement}. */
  private void hostProfileWith(String replacement) throws IOException {
    Path profile = profileCopy("host.yaml", "id: host", replacement);
    edit(TestData.repositoryRoot().resolve("device-profiles/host.yaml").toString(), profile.toString());
  }

  private Path profileCopy(String name, String from, String to) throws IOException {
    Path profiles = dir.resolve("profiles");
    Files.createDirectories(profiles);
    Path copy = profiles.resolve(name);
    Files.writeString(copy, Files.readString(TestData.repositoryRoot().resolve("device-profiles").resolve(name)).replace(from, to));
    return copy;
  }

  private Path dataCopy() throws IOException {
    Path data = dir.resolve("data");
    if (!Files.isDirectory(data)) {
      copy(TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini"), data);
      edit("data: " + TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini"), "data: " + data);
    }
    return data;
  }

  private Path dataWith(String split, ImageDataset content) throws IOException {
    Path data = dataCopy();
    Files.delete(data.resolve(split + ".parquet"));
    ParquetImageDatasets.write(content, data.resolve(split + ".parquet"));
    return data;
  }

  private static ImageDataset mini(String split) {
    return ParquetImageDatasets.read(TestData.mini().split(split));
  }

  private static ImageDataset empty() {
    ImageDataset test = mini(DatasetSplits.TEST);
    return new ImageDataset(test.shape(), test.classNames(), new byte[0], new int[0], test.provenance());
  }

  /** Every file under a folder (following the run folder's link) by relative path, with its SHA-256. */
  private static Map<String, String> snapshot(Path folder) throws IOException {
    Path real = folder.toRealPath();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(real)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(real.relativize(p).toString(), ModelArtifact.sha256(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".lock")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
