package io.edgesweep.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a file or a folder so that readers see either the old one or the complete new one.
 *
 * <p>Everything is written under a temporary sibling name and renamed at the end; when the
 * writer fails, the temporary is deleted and whatever stood at the target before is untouched.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes what {@code writer} produces into a temporary sibling of {@code target}. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path temporary) throws IOException;
  }

  /** Writes one file, replacing any file at {@code target}. */
  public static void writeFile(Path target, Writer writer) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      writer.writeTo(temporary);
      move(temporary, target, true);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Writes one folder; fails if {@code target} exists unless {@code replace} is set, in which case
   * the old folder is swapped out only after the new one is complete.
   */
  public static void writeFolder(Path target, boolean replace, Writer writer) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    restoreInterrupted(target);
    if (!replace && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path temporary = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectory(temporary);
    try {
      writer.writeTo(temporary);
      moveIntoPlace(temporary, target);
    } finally {
      deleteRecursively(temporary);
    }
  }

  /**
   * Renames a finished folder to {@code target} (a sibling on the same file system), swapping out
   * an older folder there only after the new one is in place.
   */
  public static void moveIntoPlace(Path finished, Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (Files.exists(target)) {
      Path old = parent.resolve("." + target.getFileName() + ".old-" + UUID.randomUUID());
      move(target, old, false);
      move(finished, target, false);
      deleteRecursively(old);
    } else {
      move(finished, target, false);
    }
  }

  /**
   * Puts back the folder that {@link #moveIntoPlace} had moved aside when a kill stopped it before
   * the new one was in place: the target is missing and its {@code .old-*} sibling holds it.
   *
   * @return whether a folder was restored
   */
  public static boolean restoreInterrupted(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || Files.exists(target) || !Files.isDirectory(parent)) {
      return false;
    }
    String prefix = "." + target.getFileName() + ".old-";
    Path newest = null;
    try (Stream<Path> list = Files.list(parent)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p)
            && (newest == null || Files.getLastModifiedTime(p).compareTo(Files.getLastModifiedTime(newest)) > 0)) {
          newest = p;
        }
      }
    }
    if (newest == null) {
      return false;
    }
    move(newest, target.toAbsolutePath(), false);
    return true;
  }

  /** Deletes a file or a folder with everything in it; a missing path is not an error. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void move(Path from, Path to, boolean replace) throws IOException {
    try {
      if (replace) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      if (replace) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to);
      }
    }
  }
}
