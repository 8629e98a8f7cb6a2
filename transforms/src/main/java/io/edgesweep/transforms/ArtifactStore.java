package io.edgesweep.transforms;

import io.edgesweep.InvalidInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed store of stage outputs on a Beam FileSystems path.
 *
 * <p>An entry is a folder {@code <root>/<kind>/<key>/} holding one file, {@code _COMPLETE}: the
 * entry's files with their sizes and SHA-256, and a hash of the whole (see {@link
 * StoreEntryMarker}); entries written by older releases keep their files beside a marker that
 * lists them, and are still read.
 * Every read checks the files against the marker: an entry that is incomplete, truncated or
 * changed is never used; it is moved to {@code <root>/.quarantine/} with one log line, and the
 * stage that made it computes it again. Keys are hashes of what made the entry (see {@link
 * StageKey}); two workers that compute the same key write the same bytes, so a duplicate write
 * after a failover is harmless. The root may be a local folder, or on a shared file system any
 * Beam FileSystem can reach (HDFS, S3, GCS with the matching Beam IO module).
 */
public final class ArtifactStore implements Serializable {
  private static final long serialVersionUID = 1L;
  /** An entry's one file (or, in entries of older releases, the marker beside its files). */
  public static final String COMPLETE = "_COMPLETE";
  /** The file at the root that says "this folder is an artifact store": run folders never hold one. */
  public static final String ROOT_MARKER = ".edgesweep-store";
  /** Where corrupt entries are moved, under the root. */
  public static final String QUARANTINE = ".quarantine";
  /** The infix of a file being written; one left behind is an orphan of a failed write. */
  public static final String TEMPORARY = ".tmp-";
  private static final Logger LOG = LoggerFactory.getLogger("io.edgesweep.store");
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

  private final String root;

  public ArtifactStore(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  /** The folder of an entry, as a URI-like path. */
  public String location(String kind, String key) {
    return root + "/" + kind + "/" + key;
  }

  /**
   * Marks the root as a store and checks that it can be written, before any job runs.
   *
   * @throws InvalidInputException naming the root when it cannot be written
   */
  public void prepare() {
    String id = id();
    try {
      writeAtomically(rootMarker(), JSON.writeValueAsBytes(Map.of("format", StoreEntryMarker.FORMAT,
          "id", id != null ? id : UUID.randomUUID().toString())));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(root, null, "the artifact store cannot be written here (" + StoreErrors.describe(e)
          + "); give a writable folder with --artifact-root");
    }
  }

  /**
   * The store's identity, written once by {@link #prepare}: run folders record it, so a store that
   * was moved or copied is still recognised as theirs. Null before the first sweep.
   */
  public String id() {
    try {
      return JSON.readTree(readFile(rootMarker())).path("id").asText(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private ResourceId rootMarker() {
    return FileSystems.matchNewResource(root + "/", true).resolve(ROOT_MARKER, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * Whether a complete, intact entry exists. A corrupt one is quarantined and reported missing, so
   * the caller computes it again.
   */
  public boolean contains(String kind, String key) {
    if (!exists(resource(kind, key, COMPLETE))) {
      return false;
    }
    try {
      read(kind, key);
      return true;
    } catch (CorruptEntryException e) {
      quarantine(kind, key, e);
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * An intact entry's files, read once; null when there is none, or when it was corrupt (it has
   * then been quarantined, and the caller computes it again).
   */
  public Map<String, byte[]> find(String kind, String key) {
    if (!exists(resource(kind, key, COMPLETE))) {
      return null;
    }
    try {
      return read(kind, key);
    } catch (CorruptEntryException e) {
      quarantine(kind, key, e);
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Writes an entry: its files, their sizes and hashes, in one file ({@code _COMPLETE}) written
   * atomically, so the entry is complete the moment it exists.
   */
  public void put(String kind, String key, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().equals(COMPLETE) || file.getKey().contains("/") || file.getKey().startsWith(".")) {
        throw new IllegalArgumentException("not a storable file name: " + file.getKey());
      }
    }
    writeAtomically(resource(kind, key, COMPLETE), StoreEntryMarker.describe(kind, key, files).encodeWithFiles());
  }

  /**
   * Reads a complete entry's files, checked against their hashes.
   *
   * @throws FileNotFoundException when there is no complete entry
   * @throws CorruptEntryException when the entry is corrupt; it has then been quarantined, and the
   *     next run computes it again
   */
  public Map<String, byte[]> get(String kind, String key) throws IOException {
    if (!exists(resource(kind, key, COMPLETE))) {
      throw new FileNotFoundException("no complete " + kind + " entry " + key + " in " + root);
    }
    try {
      return read(kind, key);
    } catch (CorruptEntryException e) {
      String moved = quarantine(kind, key, e);
      throw new CorruptEntryException(e.location(), e.problem() + "; moved to " + moved + ", run again to recompute it");
    }
  }

  /**
   * Checks one entry without using it.
   *
   * @throws FileNotFoundException when there is no complete entry
   * @throws CorruptEntryException when it does not match its marker
   */
  public void check(String kind, String key) throws IOException {
    // On a local store, read() alone says whether the entry is there (one read, no Beam match first).
    if (localPath(root) == null && !exists(resource(kind, key, COMPLETE))) {
      throw new FileNotFoundException("no complete " + kind + " entry " + key + " in " + root);
    }
    read(kind, key);
  }

  /** Keys of the complete entries of one kind (one listing, for progress reports). */
  public List<String> keys(String kind) throws IOException {
    List<String> keys = new ArrayList<>();
    for (MatchResult.Metadata m : match(root + "/" + kind + "/*/" + COMPLETE)) {
      keys.add(name(m.resourceId().getCurrentDirectory()));
    }
    return keys;
  }

  /** Every complete entry as kind/key, outside the quarantine. */
  public List<String> entries() throws IOException {
    List<String> entries = new ArrayList<>();
    for (MatchResult.Metadata m : match(root + "/*/*/" + COMPLETE)) {
      List<String> tail = tail(m.resourceId().toString(), 3);
      if (!tail.get(0).startsWith(".")) {
        entries.add(tail.get(0) + "/" + tail.get(1));
      }
    }
    return entries;
  }

  /** Every file in entry folders (markers, contents, orphaned temporaries), outside the quarantine. */
  public List<MatchResult.Metadata> entryFiles() throws IOException {
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (MatchResult.Metadata m : match(root + "/*/*/*")) {
      if (!tail(m.resourceId().toString(), 3).get(0).startsWith(".")) {
        files.add(m);
      }
    }
    return files;
  }

  /** The last {@code n} names of a path: for an entry's file, kind, key and file name. */
  public static List<String> tail(String path, int n) {
    String[] names = trimSlash(path).split("/");
    return List.of(names).subList(Math.max(0, names.length - n), names.length);
  }

  /**
   * Moves an entry's files to the quarantine and deletes the entry, marker first.
   *
   * @return where the files went
   */
  public String quarantine(String kind, String key, CorruptEntryException why) {
    String target = root + "/" + QUARANTINE + "/" + kind + "/" + key + "-" + LocalDateTime.now().format(STAMP) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    List<ResourceId> files = new ArrayList<>();
    try {
      for (MatchResult.Metadata m : match(location(kind, key) + "/*")) {
        files.add(m.resourceId());
      }
      ResourceId marker = resource(kind, key, COMPLETE);
      Map<ResourceId, byte[]> copies = new LinkedHashMap<>();
      for (ResourceId file : files) {
        try {
          copies.put(file, readFile(file));
        } catch (IOException e) {
          // Keeping a copy is a courtesy; removing the entry is what matters.
        }
      }
      // The marker goes first: from then on the entry is incomplete, whatever else fails.
      FileSystems.delete(List.of(marker), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      ResourceId folder = FileSystems.matchNewResource(target + "/", true);
      for (Map.Entry<ResourceId, byte[]> copy : copies.entrySet()) {
        try {
          writeAtomically(folder.resolve(copy.getKey().getFilename(), ResolveOptions.StandardResolveOptions.RESOLVE_FILE), copy.getValue());
        } catch (IOException e) {
          // As above.
        }
      }
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      removeEmptyFolder(location(kind, key));
      removeEmptyFolder(root + "/" + kind);
    } catch (IOException e) {
      LOG.warn("artifact store: {}: {}; could not be moved aside ({}), delete it by hand", why.location(), why.problem(), StoreErrors.describe(e));
      return why.location();
    }
    LOG.warn("artifact store: {}: {}; quarantined to {} and computed again", why.location(), why.problem(), target);
    return target;
  }

  /** Deletes files (orphans, unreferenced entries) and, on a local root, the folders they leave empty. */
  public void delete(List<ResourceId> files) throws IOException {
    FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    for (ResourceId file : files) {
      String folder = trimSlash(file.getCurrentDirectory().toString());
      removeEmptyFolder(folder);
      removeEmptyFolder(folder.substring(0, folder.lastIndexOf('/')));
    }
  }

  private Map<String, byte[]> read(String kind, String key) throws IOException {
    String location = location(kind, key);
    byte[] markerBytes;
    try {
      Path local = localPath(location);
      // A local entry through java.nio: Beam's resource resolution and channel cost more than reading a small entry.
      markerBytes = local != null ? Files.readAllBytes(local.resolve(COMPLETE)) : readFile(resource(kind, key, COMPLETE));
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new FileNotFoundException("no complete " + kind + " entry " + key + " in " + root);
    }
    StoreEntryMarker marker = StoreEntryMarker.parse(markerBytes, location);
    if (marker == StoreEntryMarker.LEGACY) {
      throw new CorruptEntryException(location, "written by an older edgesweep without content hashes, so it cannot be checked");
    }
    if (marker.holdsFiles()) {
      if (!marker.kind().equals(kind) || !marker.key().equals(key)) {
        throw new CorruptEntryException(location, COMPLETE + " belongs to " + marker.kind() + "/" + marker.key() + " (copied or moved here)");
      }
      return marker.contents();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : marker.files().keySet()) {
      try {
        files.put(name, readFile(resource(kind, key, name)));
      } catch (FileNotFoundException | NoSuchFileException e) {
        throw new CorruptEntryException(location, name + " is missing");
      }
    }
    marker.check(files, location);
    return files;
  }

  private ResourceId resource(String kind, String key, String file) {
    return FileSystems.matchNewResource(root + "/" + kind + "/" + key + "/", true)
        .resolve(file, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
  }

  private static List<MatchResult.Metadata> match(String pattern) throws IOException {
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
  }

  private static boolean exists(ResourceId resource) {
    try {
      MatchResult result = FileSystems.match(List.of(resource.toString()), EmptyMatchTreatment.ALLOW).get(0);
      return result.status() == MatchResult.Status.OK && !result.metadata().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes under a temporary name and renames; the temporary never outlives a failed write. */
  private static void writeAtomically(ResourceId target, byte[] bytes) throws IOException {
    ResourceId temporary = target.getCurrentDirectory()
        .resolve("." + target.getFilename() + TEMPORARY + UUID.randomUUID(), ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = FileSystems.create(temporary, MimeTypes.BINARY);
          OutputStream out = Channels.newOutputStream(channel)) {
        out.write(bytes);
      }
      FileSystems.rename(List.of(temporary), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      renamed = true;
    } catch (IOException e) {
      throw StoreErrors.naming(target.toString(), e);
    } finally {
      if (!renamed) {
        try {
          FileSystems.delete(List.of(temporary), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
        } catch (IOException ignored) {
          // The original failure is what the user needs; store gc removes what is left.
        }
      }
    }
  }

  private static byte[] readFile(ResourceId resource) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
      return in.readAllBytes();
    }
  }

  /** Removes a folder left empty, on a local root; object stores have no empty folders. */
  private static void removeEmptyFolder(String location) {
    Path folder = localPath(location);
    if (folder == null) {
      return;
    }
    try {
      Files.deleteIfExists(folder);
    } catch (DirectoryNotEmptyException e) {
      // Still in use.
    } catch (IOException e) {
      // Harmless: an empty folder is not an entry.
    }
  }

  /** The local folder of a store path: a plain path or a file: URI; null for other schemes. */
  public static Path localPath(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash);
    if (!hasScheme) {
      return Path.of(location);
    }
    if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return Path.of(URI.create(location));
    }
    return null;
  }

  private static String trimSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String name(ResourceId folder) {
    return name(folder.toString());
  }

  private static String name(String path) {
    String p = trimSlash(path);
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
