package io.edgesweep.report;

import io.edgesweep.data.AtomicFiles;
import io.edgesweep.transforms.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a finished run folder in place in one step that a kill at any instant cannot lose.
 *
 * <p>Each finished run is a hidden version folder {@code <out>/.<name>.v<k>/}, and {@code
 * <out>/<name>} is a symbolic link to the newest one. A new run is published by renaming its
 * staging folder to the next version, making a temporary link to it and renaming that link over
 * {@code <name>}: rename(2) replaces the link in one step on POSIX file systems, so {@code <name>}
 * always resolves to the old run or to the new one, never to nothing. Older versions are deleted
 * only after the link points at the new one. Readers see nothing of this: {@code --run runs/NAME}
 * follows the link.
 *
 * <p>What a kill leaves behind (a staging folder, a version not yet linked, a temporary link, the
 * {@code .old-*} folder of the two-rename swap older edgesweep versions did) is recovered or removed
 * the next time a run of that name is published or read. On a file system without symbolic links
 * the version is renamed to {@code <name>} instead, in two renames; a kill between them leaves no
 * {@code <name>} until the next run or read restores the newest version.
 */
public final class RunFolderSwap {
  private static final Logger LOG = LoggerFactory.getLogger("io.edgesweep.sweep");
  private static final String HOST = host();

  private RunFolderSwap() {}

  /** A fresh staging folder name for a run, which says which process on which host owns it. */
  public static Path stagingFolder(Path out, String name) {
    return out.resolve("." + name + ".staging-" + HOST + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
  }

  /**
   * Makes a finished folder the run folder {@code runFolder}, keeping the previous run until the
   * new one is in place, then deleting it.
   */
  public static void publish(Path finished, Path runFolder) throws IOException {
    Path out = runFolder.getParent();
    String name = runFolder.getFileName().toString();
    try (FileChannel lockFile = FileChannel.open(out.resolve("." + name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      recoverLocked(runFolder);
      int next = versions(out, name).stream().mapToInt(Version::number).max().orElse(0) + 1;
      if (Files.isDirectory(runFolder, LinkOption.NOFOLLOW_LINKS)) {
        // A run folder from before versions (or from a file system without links): it becomes a version first.
        move(runFolder, version(out, name, next++));
      }
      Path version = version(out, name, next);
      move(finished, version);
      install(version, runFolder);
      // Older versions go now; staging folders of another host only when an hour old (a sweep
      // of the same name may be running there, on a shared file system).
      removeLeftovers(runFolder, Duration.ofHours(1));
    }
  }

  /**
   * Restores a run folder a kill left without its link (or, without links, without its folder) and
   * removes what interrupted swaps left behind; does nothing when there is nothing to do.
   */
  public static void recover(Path runFolder) {
    Path out = runFolder.toAbsolutePath().getParent();
    String name = runFolder.getFileName().toString();
    if (!Files.isDirectory(out) || (Files.exists(runFolder) && leftovers(runFolder, Duration.ofHours(1)).isEmpty())) {
      return;
    }
    try (FileChannel lockFile = FileChannel.open(out.resolve("." + name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      recoverLocked(runFolder.toAbsolutePath());
      removeLeftovers(runFolder.toAbsolutePath(), Duration.ofHours(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover run folder " + runFolder + ": " + e.getMessage(), e);
    }
  }

  /**
   * What interrupted or finished swaps left next to {@code runFolder}: versions it does not point to,
   * temporary links, staging folders of processes that are gone, the {@code .old-*} and
   * {@code .tmp-*} folders of older edgesweep versions. Staging folders of another host and versions
   * newer than the link are left alone unless older than {@code minimumAge}.
   */
  public static List<Path> leftovers(Path runFolder, Duration minimumAge) {
    Path out = runFolder.toAbsolutePath().getParent();
    String name = runFolder.getFileName().toString();
    List<Path> leftovers = new ArrayList<>();
    Optional<Path> current = current(runFolder);
    int currentNumber = current.flatMap(c -> Version.parse(name, c.getFileName().toString())).map(Version::number).orElse(Integer.MAX_VALUE);
    Pattern staging = Pattern.compile(Pattern.quote("." + name + ".staging-") + "(.+)-(\\d+)-[0-9a-f-]{36}");
    Pattern other = Pattern.compile(Pattern.quote("." + name) + "\\.(link|old|tmp)-.*");
    Instant before = Instant.now().minus(minimumAge);
    try (Stream<Path> list = Files.list(out)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String file = p.getFileName().toString();
        if (current.isPresent() && p.equals(current.get())) {
          continue;
        }
        Optional<Version> v = Version.parse(name, file);
        if (v.isPresent()) {
          if (current.isPresent() && !p.equals(current.get())
              && (v.get().number() < currentNumber || olderThan(p, before))) {
            leftovers.add(p);
          }
          continue;
        }
        Matcher s = staging.matcher(file);
        if (s.matches()) {
          boolean ours = s.group(1).equals(HOST);
          boolean gone = ours && ProcessHandle.of(Long.parseLong(s.group(2))).isEmpty();
          if (gone || olderThan(p, before) && !ours) {
            leftovers.add(p);
          }
          continue;
        }
        if (other.matcher(file).matches() && (current.isPresent() || file.startsWith("." + name + ".link-")) && olderThan(p, Instant.now())) {
          leftovers.add(p);
        }
      }
    } catch (IOException e) {
      return leftovers;
    }
    return leftovers;
  }

  /** The version folder the run folder resolves to, if any. */
  static Optional<Path> current(Path runFolder) {
    try {
      if (Files.isSymbolicLink(runFolder)) {
        Path target = runFolder.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(runFolder)).normalize();
        return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
      }
      return Files.isDirectory(runFolder) ? Optional.of(runFolder.toAbsolutePath()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void recoverLocked(Path runFolder) throws IOException {
    Path out = runFolder.getParent();
    String name = runFolder.getFileName().toString();
    Optional<Path> current = current(runFolder);
    // Every version folder is complete (it is a finished staging folder, renamed): a newer one than
    // the link's was left by a run killed just before its link was swapped, and is the newest result.
    Optional<Version> newest = versions(out, name).stream().max(Comparator.comparingInt(Version::number));
    int currentNumber = current.flatMap(c -> Version.parse(name, c.getFileName().toString())).map(Version::number).orElse(-1);
    Optional<Path> restore = Optional.empty();
    if (newest.isPresent() && newest.get().number() > currentNumber && (current.isEmpty() || Files.isSymbolicLink(runFolder))) {
      restore = Optional.of(newest.get().folder());
    } else if (current.isEmpty()) {
      // The .old-* folder that the two-rename swap of older edgesweep versions left when killed.
      try (Stream<Path> list = Files.list(out)) {
        restore = list.filter(p -> p.getFileName().toString().startsWith("." + name + ".old-") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
            .max(Comparator.comparing(RunFolderSwap::modified));
      }
    }
    if (restore.isPresent()) {
      install(restore.get(), runFolder);
      LOG.warn("run folder {} was left {} by an interrupted run; it now holds {}", runFolder,
          current.isEmpty() ? "missing" : "pointing at an older result", restore.get().getFileName());
    }
  }

  /** Points the run folder at a version in one rename (or, without links, renames the version there). */
  private static void install(Path version, Path runFolder) throws IOException {
    Path link = runFolder.resolveSibling("." + runFolder.getFileName() + ".link-" + UUID.randomUUID());
    try {
      Files.createSymbolicLink(link, version.getFileName());
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.deleteIfExists(link);
      if (Files.isDirectory(runFolder, LinkOption.NOFOLLOW_LINKS)) {
        move(runFolder, version.resolveSibling("." + runFolder.getFileName() + ".old-" + UUID.randomUUID()));
      }
      move(version, runFolder);
      return;
    }
    try {
      Files.move(link, runFolder, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(link);
    }
  }

  private static void removeLeftovers(Path runFolder, Duration minimumAge) throws IOException {
    for (Path leftover : leftovers(runFolder, minimumAge)) {
      delete(leftover);
    }
  }

  /** Deletes a leftover folder, but never one that holds an artifact store. */
  public static void delete(Path leftover) throws IOException {
    if (Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(leftover)) {
        Optional<Path> store = walk.filter(p -> p.getFileName().toString().equals(ArtifactStore.ROOT_MARKER)).findFirst();
        if (store.isPresent()) {
          LOG.warn("not deleting {}: it holds an artifact store ({})", leftover, store.get().getParent());
          return;
        }
      }
    }
    AtomicFiles.deleteRecursively(leftover);
    Files.deleteIfExists(leftover);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static Path version(Path out, String name, int number) {
    return out.resolve("." + name + ".v" + number);
  }

  private static List<Version> versions(Path out, String name) throws IOException {
    List<Version> versions = new ArrayList<>();
    try (Stream<Path> list = Files.list(out)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Version.parse(name, p.getFileName().toString()).filter(v -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
            .ifPresent(v -> versions.add(new Version(v.number(), p)));
      }
    }
    return versions;
  }

  private static boolean olderThan(Path p, Instant before) {
    return modified(p).toInstant().isBefore(before) || modified(p).toInstant().equals(before);
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9]", "_");
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** One version folder of a run. */
  record Version(int number, Path folder) {
    static Optional<Version> parse(String name, String file) {
      String prefix = "." + name + ".v";
      if (!file.startsWith(prefix)) {
        return Optional.empty();
      }
      String digits = file.substring(prefix.length());
      if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      return Optional.of(new Version(Integer.parseInt(digits), null));
    }
  }
}
