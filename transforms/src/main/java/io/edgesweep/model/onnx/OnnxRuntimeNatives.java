package io.edgesweep.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import io.edgesweep.data.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;

/**
 * ONNX Runtime's environment, with its native libraries loaded from a copy kept between commands.
 *
 * <p>Why: ONNX Runtime unpacks its 20 MB library from its jar into a new temporary folder at
 * every start, then loads it: 0.19-0.21 s in a fresh JVM here, against 0.08-0.10 s from a copy
 * already on disk (docs/performance.md). A sweep checks its picks in ONNX Runtime after its job,
 * when both cores are busy with the report, so that is time on every sweep's clock. The launcher's
 * temporary folder ({@code edgesweep.tempBase}, {@code <tmp>/edgesweep-<user>}) keeps one copy per
 * set of library files, named by their CRC-32s in the jar; a copy is made whole in a folder of its
 * own and renamed into place, and is used only while every file has the jar entry's size and CRC
 * and the folder and its files belong to this user and nobody else may write them, so a
 * half-written, damaged or planted copy is never loaded (ONNX Runtime then unpacks its own, as it
 * does without the launcher, or where {@code onnxruntime.native.path} is set already).
 */
public final class OnnxRuntimeNatives {
  /** The system property naming the folder under which this process may keep files between commands. */
  public static final String TEMP_BASE = "edgesweep.tempBase";
  /** ONNX Runtime's own property: load the libraries from this folder instead of unpacking them. */
  static final String NATIVE_PATH = "onnxruntime.native.path";

  /** Whether the first call has looked for the kept copy; guarded by the class. */
  private static boolean prepared;

  private OnnxRuntimeNatives() {}

  /** ONNX Runtime's environment; the first call points ONNX Runtime at the kept copy when it can. */
  public static OrtEnvironment environment() {
    synchronized (OnnxRuntimeNatives.class) {
      if (!prepared) {
        prepared = true;
        String base = System.getProperty(TEMP_BASE);
        if (base != null && System.getProperty(NATIVE_PATH) == null) {
          Path kept = keptCopy(Path.of(base));
          if (kept != null) {
            System.setProperty(NATIVE_PATH, kept.toString());
          }
        }
      }
    }
    return OrtEnvironment.getEnvironment();
  }

  /** One library file in ONNX Runtime's jar. */
  record Library(String name, URL resource, long size, long crc) {}

  /**
   * The folder under {@code base} holding an intact copy of this platform's libraries, made now if
   * there is none; null where the libraries cannot be found or copied.
   */
  static Path keptCopy(Path base) {
    List<Library> libraries = libraries();
    if (libraries == null) {
      return null;
    }
    StringBuilder key = new StringBuilder("onnxruntime-natives");
    for (Library l : libraries) {
      key.append('-').append(Long.toHexString(l.crc()));
    }
    Path folder = base.resolve(key.toString());
    try {
      if (intact(folder, libraries)) {
        return folder;
      }
      Path making = Files.createDirectories(base).resolve(key + ".making-" + ProcessHandle.current().pid());
      AtomicFiles.deleteRecursively(making);
      Files.createDirectory(making, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      for (Library l : libraries) {
        Path file = Files.createFile(making.resolve(l.name()), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try (InputStream in = l.resource().openStream(); OutputStream out = Files.newOutputStream(file)) {
          in.transferTo(out);
        }
      }
      if (!intact(making, libraries)) {
        AtomicFiles.deleteRecursively(making);
        return null;
      }
      if (Files.exists(folder)) {
        AtomicFiles.deleteRecursively(folder); // a damaged copy: replaced whole
      }
      try {
        Files.move(making, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        AtomicFiles.deleteRecursively(making); // another process made it meanwhile
      } catch (AtomicMoveNotSupportedException e) {
        AtomicFiles.deleteRecursively(making);
        return null;
      }
      return intact(folder, libraries) ? folder : null;
    } catch (IOException | RuntimeException e) {
      return null; // ONNX Runtime unpacks its own copy, as it always did
    }
  }

  /**
   * Whether every library is in {@code folder} with its jar entry's size and CRC-32, and the folder
   * and the files are this user's own, not links, and not writable by anyone else.
   */
  static boolean intact(Path folder, List<Library> libraries) throws IOException {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !ownAndPrivate(folder)) {
      return false;
    }
    for (Library l : libraries) {
      Path file = folder.resolve(l.name());
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ownAndPrivate(file) || Files.size(file) != l.size()) {
        return false;
      }
      try (CheckedInputStream in = new CheckedInputStream(Files.newInputStream(file), new CRC32())) {
        in.transferTo(OutputStream.nullOutputStream());
        if (in.getChecksum().getValue() != l.crc()) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean ownAndPrivate(Path path) throws IOException {
    PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Set<PosixFilePermission> p = a.permissions();
    return a.owner().getName().equals(System.getProperty("user.name"))
        && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /** The ONNX Runtime library and its Java binding for this platform, as ONNX Runtime's loader names them; null elsewhere. */
  static List<Library> libraries() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      return null; // the loader's names on macOS and Windows differ; there it unpacks as usual
    }
    String platform = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : arch.equals("aarch64") ? "linux-aarch64" : null;
    if (platform == null) {
      return null;
    }
    List<Library> libraries = new ArrayList<>();
    for (String name : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
      URL resource = OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform + "/" + name);
      if (resource == null) {
        return null;
      }
      try {
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
          return null;
        }
        ZipEntry entry = jar.getJarEntry();
        if (entry == null || entry.getSize() < 0 || entry.getCrc() < 0) {
          return null;
        }
        libraries.add(new Library(name, resource, entry.getSize(), entry.getCrc()));
      } catch (IOException e) {
        return null;
      }
    }
    return libraries;
  }
}
