package io.edgesweep.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the last full up-to-date check of one sweep command verified, kept as the files' status
 * (size, modification time, change time, inode), so the next run of the same command can tell
 * "nothing changed" by reading file statuses alone: no hashing, and no Beam, Flink or PyTorch class
 * loaded.
 *
 * <p>Why a matching status proves the content unchanged: on a POSIX file system every write to a
 * file, and every rename onto its name, sets its change time (ctime) to the kernel's clock, and no
 * call lets a user set the change time back (touch and utimensat set only access and modification
 * times, and update the change time themselves); a replaced file also has another inode. What the
 * status cannot show is a second write within the same clock tick as the one before it. So a
 * status is trusted only when the file's change time is more than {@link #SETTLED_NANOS} older than
 * the moment the status was read, and the content was verified after that moment (hashed against
 * its store entry or SHA256SUMS, or read by the plan that hashed the inputs); a run-folder file
 * that had not settled is hashed again by the quick check. A file system whose times carry whole
 * seconds only gets no record. Changes below the file system (a disk flipping bits, a raw block
 * device edited) leave the status as it was: {@code store verify} and {@code sweep --rerun} hash
 * everything, and every job reads every entry it uses through its hash.
 *
 * <p>Anything that does not match — a file changed, added or missing, another build, a record
 * from another format — makes the quick check answer "unknown", and the sweep goes the full way
 * ({@link UpToDateRun}, which hashes), which records the statuses anew when it finds the run up to
 * date or finishes a run.
 */
public final class CheckedFiles {
  /** The folder under {@code --out} holding one record per sweep command. */
  public static final String FOLDER = ".up-to-date";
  /**
   * How long a file must have been left alone before its status is trusted: five times the
   * kernel's timestamp tick (file times come from its coarse clock, 1-10 ms per tick).
   */
  static final long SETTLED_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** The same for file systems whose times carry whole seconds only (FAT: 2 s). */
  static final long COARSE_SETTLED_NANOS = TimeUnit.MILLISECONDS.toNanos(2500);
  private static final String FORMAT = "edgesweep-checked-files/1";
  private static final String[] STATUS = {"unix:size,lastModifiedTime,ctime,ino"};

  private CheckedFiles() {}

  /** A file's status as far as a change of its content shows in it. */
  record Status(long size, long modified, long changed, long inode) {
    static Status of(Path file) throws IOException {
      Map<String, Object> a = Files.readAttributes(file, STATUS[0]);
      return new Status((Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")), (Long) a.get("ino"));
    }

    private static long nanos(Object time) {
      return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    boolean settledBefore(long nanos) {
      // Times in whole seconds: a file system with coarse times (FAT, HFS+, old ext3), which needs a longer wait.
      boolean coarse = modified % 1_000_000_000L == 0 && changed % 1_000_000_000L == 0;
      return changed < nanos - (coarse ? COARSE_SETTLED_NANOS : SETTLED_NANOS);
    }

    String line() {
      return size + "\t" + modified + "\t" + changed + "\t" + inode;
    }

    static Status parse(String[] f, int from) {
      return new Status(Long.parseLong(f[from]), Long.parseLong(f[from + 1]), Long.parseLong(f[from + 2]), Long.parseLong(f[from + 3]));
    }
  }

  /** The record of one command: named by the hash of everything the command says and where it runs. */
  public static Path file(Path out, List<String> command) {
    StringBuilder key = new StringBuilder(FORMAT).append('\0').append(Path.of("").toAbsolutePath()).append('\0')
        .append(Runtime.getRuntime().availableProcessors());
    command.forEach(part -> key.append('\0').append(part));
    return out.resolve(FOLDER).resolve(sha256(key.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32));
  }

  /** What the sweep says when the run folder is up to date and nothing runs. */
  public static String upToDate(Path runFolder) {
    return "up to date: " + runFolder + " holds the results of this spec, data, teacher, device profiles and build, "
        + "and its files and store entries are intact; nothing to run (--rerun runs it anyway)";
  }

  /** The current time on the clock file times come from, in nanoseconds. */
  static long now() {
    java.time.Instant t = java.time.Instant.now();
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  /**
   * The files a plan was made from (spec, device profiles and their folders, the data folder and its
   * files, the teacher's files, the store's root marker), with their statuses.
   */
  static Map<Path, Status> inputs(SweepPlan plan) throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(Path.of(plan.spec().file()));
    for (Path device : plan.spec().devices()) {
      files.add(device);
      // A glob's matches share a folder: a profile added to it changes the folder's times.
      files.add(device.toAbsolutePath().getParent());
    }
    addFolder(files, plan.spec().data());
    if (!plan.spec().teacher().trainsFirst()) {
      addFolder(files, plan.spec().teacher().model());
    }
    if (io.edgesweep.transforms.ArtifactStore.localPath(plan.settings().storeRoot()) == null) {
      return null;
    }
    Map<Path, Status> statuses = new LinkedHashMap<>();
    for (Path file : files) {
      Path absolute = file.toAbsolutePath().normalize();
      statuses.putIfAbsent(absolute, Status.of(absolute));
    }
    return statuses;
  }

  /** A path as one field of a record line; a path with a tab or a line break cannot be recorded. */
  private static String field(Path path) {
    String s = path.toString();
    if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a path with a tab or line break: " + s);
    }
    return s;
  }

  private static void addFolder(List<Path> files, Path folder) throws IOException {
    files.add(folder);
    try (Stream<Path> walk = Files.walk(folder.toRealPath())) {
      walk.forEach(files::add);
    }
  }

  /**
   * Writes the record of a run folder that {@code verify} then finds intact and up to date.
   *
   * @param inputs the inputs' statuses ({@link #inputs}), read after the plan was made
   * @param planned when the plan started reading its inputs ({@link #now}): an input changed after
   *     that may not be what the plan read, and then nothing is recorded
   * @param storeEntries the run's store entries as kind/key ({@code store_entries} of run.json)
   * @param verify the full check, run after the statuses are read: true when the run is up to date
   * @return whether a record was written
   */
  static boolean record(Path recordFile, Map<Path, Status> inputs, long planned, Path runFolder, String storeRoot,
      List<String> storeEntries, Map<String, String> proven, java.util.function.Predicate<java.util.Set<String>> verify)
      throws IOException {
    Files.deleteIfExists(recordFile);
    Path store = io.edgesweep.transforms.ArtifactStore.localPath(storeRoot);
    if (inputs == null || store == null) {
      return false;
    }
    for (Map.Entry<Path, Status> input : inputs.entrySet()) {
      if (!input.getValue().settledBefore(planned)) {
        return false;
      }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      long read = now();
      StringBuilder out = new StringBuilder(FORMAT).append('\n');
      out.append("build\t").append(build()).append('\n');
      Path real = runFolder.toRealPath();
      out.append("run\t").append(field(runFolder.toAbsolutePath().normalize())).append('\t').append(field(real)).append('\t').append(read).append('\n');
      inputs.forEach((path, status) -> out.append("I\t").append(status.line()).append('\t').append(field(path)).append('\n'));
      // The store's identity, which every plan writes again (ArtifactStore.prepare): checked by hash while it is new.
      Path marker = store.resolve(io.edgesweep.transforms.ArtifactStore.ROOT_MARKER).toAbsolutePath().normalize();
      out.append("H\t").append(Status.of(marker).line()).append('\t').append(sha256(marker)).append('\t').append(field(marker)).append('\n');
      boolean settled = true;
      boolean runSettled = true;
      long newest = 0;
      for (String entry : storeEntries) {
        String lines = proven.get(entry);
        if (lines != null) {
          out.append(lines);
          continue;
        }
        Path folder = store.resolve(entry);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
          files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
          Status status = Status.of(file);
          settled &= status.settledBefore(read);
          newest = Math.max(newest, status.changed());
          out.append("E\t").append(status.line()).append('\t').append(field(file.toAbsolutePath().normalize())).append('\n');
        }
      }
      Map<String, String> sums = sums(real);
      for (Path file : runFiles(real)) {
        String name = real.relativize(file).toString();
        Status status = Status.of(file);
        String sha = name.equals(UpToDateRun.SUMS) ? sha256(file) : sums.get(name);
        if (sha == null) {
          return false;
        }
        runSettled &= status.settledBefore(read);
        newest = Math.max(newest, status.changed());
        out.append("R\t").append(status.line()).append('\t').append(sha).append('\t').append(field(Path.of(name))).append('\n');
      }
      if (!settled || (!runSettled && attempt == 0)) {
        // Files written a moment ago: wait until their times say something, then read again
        // (run-folder files that still have not settled are hashed by the quick check instead).
        sleepNanos(newest + SETTLED_NANOS - read + TimeUnit.MILLISECONDS.toNanos(10));
        continue;
      }
      if (!verify.test(proven.keySet())) {
        return false;
      }
      // The picks table as the sweep prints it, from picks.json (whose status or hash is checked above).
      for (String line : io.edgesweep.report.PicksTable.render(real.resolve(io.edgesweep.report.RunFolderFiles.PICKS)).split("\n")) {
        out.append("T\t").append(line).append('\n');
      }
      Files.createDirectories(recordFile.getParent());
      io.edgesweep.data.AtomicFiles.writeFile(recordFile, t -> Files.writeString(t, out, StandardCharsets.UTF_8));
      return true;
    }
    return false;
  }

  /**
   * Reads the statuses of store entries' files, then checks each entry by hash ({@code check}),
   * for a {@link #record} made later: the record lines of each entry that passed and had settled.
   * Meant for a thread of its own while the run folder is finished (exports and report use one
   * core), so that recording after a run costs little time.
   */
  static Map<String, String> proveEntries(String storeRoot, List<String> entries, java.util.function.Predicate<String> check) {
    Map<String, String> proven = new java.util.HashMap<>();
    Path store = io.edgesweep.transforms.ArtifactStore.localPath(storeRoot);
    if (store == null) {
      return proven;
    }
    for (String entry : entries) {
      try {
        long read = now();
        StringBuilder lines = new StringBuilder();
        boolean settled = true;
        List<Path> files;
        try (Stream<Path> list = Files.list(store.resolve(entry))) {
          files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
          Status status = Status.of(file);
          settled &= status.settledBefore(read);
          lines.append("E\t").append(status.line()).append('\t').append(field(file.toAbsolutePath().normalize())).append('\n');
        }
        if (settled && check.test(entry)) {
          proven.put(entry, lines.toString());
        }
      } catch (IOException | RuntimeException e) {
        // Not proven here: the record checks it itself.
      }
    }
    return proven;
  }

  /**
   * The run folder the record names when every file it lists has the same status (a run-folder
   * file that had not settled when recorded: the same SHA-256), the run folder holds no other
   * file, and the build is the same; empty when there is no record or anything differs.
   */
  public static Optional<Path> quickCheck(Path recordFile) {
    return quickCheckWithPicks(recordFile).map(UpToDate::runFolder);
  }

  /** A run folder the quick check found up to date, with its picks table as the sweep prints it. */
  public record UpToDate(Path runFolder, String picksTable) {}

  /** As {@link #quickCheck}, with the picks table recorded with it (so printing it needs no JSON reader). */
  public static Optional<UpToDate> quickCheckWithPicks(Path recordFile) {
    try {
      if (!Files.isRegularFile(recordFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(recordFile, StandardCharsets.UTF_8);
      if (lines.size() < 3 || !lines.get(0).equals(FORMAT) || !lines.get(1).equals("build\t" + build())) {
        return Optional.empty();
      }
      String[] run = lines.get(2).split("\t");
      Path runFolder = Path.of(run[1]);
      Path real = runFolder.toRealPath();
      if (!run[0].equals("run") || !real.toString().equals(run[2])) {
        return Optional.empty();
      }
      long recorded = Long.parseLong(run[3]);
      List<Path> listed = new ArrayList<>();
      StringBuilder picks = new StringBuilder();
      for (String line : lines.subList(3, lines.size())) {
        if (line.startsWith("T\t")) {
          picks.append(line, 2, line.length()).append('\n');
          continue;
        }
        boolean hashed = line.startsWith("R") || line.startsWith("H");
        String[] f = line.split("\t", hashed ? 7 : 6);
        Status status = Status.parse(f, 1);
        Path file = f[0].equals("R") ? real.resolve(f[6]) : Path.of(f[hashed ? 6 : 5]);
        if (!status.equals(Status.of(file))) {
          return Optional.empty();
        }
        if (f[0].equals("R")) {
          listed.add(file);
        }
        // Written less than a moment before it was recorded: its status alone is not proof enough.
        if (hashed && !status.settledBefore(recorded) && !f[5].equals(sha256(file))) {
          return Optional.empty();
        }
      }
      if (!listed.equals(runFiles(real)) || picks.length() == 0) {
        return Optional.empty();
      }
      return Optional.of(new UpToDate(runFolder, picks.toString()));
    } catch (IOException | RuntimeException e) {
      // No record, an unreadable one, a file gone or a file system without these times: check the full way.
      return Optional.empty();
    }
  }

  private static Map<String, String> sums(Path run) throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : Files.readAllLines(run.resolve(UpToDateRun.SUMS), StandardCharsets.UTF_8)) {
      sums.put(line.substring(66), line.substring(0, 64));
    }
    return sums;
  }

  private static List<Path> runFiles(Path real) throws IOException {
    try (Stream<Path> walk = Files.walk(real)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(nanos, COARSE_SETTLED_NANOS + SETTLED_NANOS)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This build of edgesweep: the names, sizes and times of its class files (or its jars). */
  static String build() {
    StringBuilder b = new StringBuilder();
    // The classes' own code sources, not a resource lookup: that searches the class path jar by jar
    // (~40 ms of an up-to-date sweep's start), where the loaded class already knows its jar or folder.
    for (Class<?> c : List.of(CheckedFiles.class, io.edgesweep.transforms.ArtifactStore.class)) {
      try {
        Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
          try (Stream<Path> walk = Files.walk(location)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
              b.append(location.relativize(p)).append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
          }
        } else {
          b.append(location).append(' ').append(Files.size(location)).append(' ').append(Files.getLastModifiedTime(location).toMillis()).append('\n');
        }
      } catch (IOException | URISyntaxException | RuntimeException e) {
        // Unknown: never up to date.
        b.append("unknown ").append(System.nanoTime());
      }
    }
    return sha256(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
