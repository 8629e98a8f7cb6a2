package io.edgesweep.transforms;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Says in words what an I/O failure on the store means, naming the file.
 *
 * <p>File systems report a full disk or a read-only folder as "No space left on device" or
 * "Unable to create parent directories" without saying which file they were writing; a user of a
 * shared store needs the path and what to do.
 */
public final class StoreErrors {
  private StoreErrors() {}

  /** The same failure, with a message that names {@code file} and says what happened. */
  static IOException naming(String file, IOException e) {
    FileSystemException named = new FileSystemException(file, null, describe(e));
    named.initCause(e);
    return named;
  }

  /** A short description of an I/O failure: the disk is full, the folder is read-only, or the message. */
  public static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      message = fse.getReason();
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.startsWith("cannot write") || lower.startsWith("no space left on the device (")) {
      return message;
    }
    if (lower.contains("no space left") || lower.contains("disk quota")) {
      return "no space left on the device (the disk or quota is full; free some space or run edgesweep store gc)";
    }
    if (lower.contains("unable to create parent directories") || lower.contains("not a directory")) {
      return "cannot write: its folder cannot be created (read-only file system, no permission, or a file in the way)";
    }
    if (e instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("read-only")) {
      return "cannot write (read-only file system or no permission)";
    }
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return message;
  }
}
