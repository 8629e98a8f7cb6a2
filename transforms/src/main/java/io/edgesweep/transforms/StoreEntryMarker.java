package io.edgesweep.transforms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.model.ModelArtifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code _COMPLETE} file of a store entry: which files the entry holds, with each one's size
 * and SHA-256.
 *
 * <p>It is written last, so an entry without it is incomplete; and since it carries every file's
 * hash, an entry whose bytes changed after it was written (a bit flip, a hand edit, a truncated
 * copy) is found on read instead of trusted. Markers from before hashes were recorded (a plain
 * list of names) read as {@link #LEGACY}: such entries cannot be checked, so they are not trusted.
 *
 * <p>Since {@link #INLINE_FORMAT}, the marker holds the files themselves: one line of JSON (the
 * list with sizes and hashes), the files' bytes in that order, then the SHA-256 of everything
 * before it in hex. A store of ten thousand small entries (quantized leaves, evaluations) then
 * takes one file per entry instead of three or four, each rounded up to a disk block; the one
 * rename that publishes the file makes the entry complete, and the last hash catches a changed
 * byte anywhere, the list included. Entries of {@link #FORMAT} (the files beside the marker) are
 * still read.
 */
record StoreEntryMarker(String kind, String key, Map<String, FileDigest> files, Map<String, byte[]> contents) {
  /** Files beside the marker. */
  static final String FORMAT = "edgesweep-store-entry/2";
  /** Files inside the marker. */
  static final String INLINE_FORMAT = "edgesweep-store-entry/3";
  private static final int TRAILER = 64;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What {@link #parse} returns for a marker written without hashes. */
  static final StoreEntryMarker LEGACY = new StoreEntryMarker("", "", Map.of(), null);

  /** One file's size and SHA-256. */
  record FileDigest(long bytes, String sha256) {
    static FileDigest of(byte[] content) {
      return new FileDigest(content.length, ModelArtifact.sha256(content));
    }
  }

  static StoreEntryMarker describe(String kind, String key, Map<String, byte[]> files) {
    Map<String, FileDigest> digests = new LinkedHashMap<>();
    files.forEach((name, bytes) -> digests.put(name, FileDigest.of(bytes)));
    return new StoreEntryMarker(kind, key, digests, new LinkedHashMap<>(files));
  }

  /** Whether the files are inside the marker (read from it, not from beside it). */
  boolean holdsFiles() {
    return contents != null;
  }

  /** The marker of {@link #FORMAT}: the list alone, the files written beside it. */
  byte[] encode() throws IOException {
    return JSON.writeValueAsBytes(header(FORMAT));
  }

  /** The marker of {@link #INLINE_FORMAT}: the list, the files, and the hash of both. */
  byte[] encodeWithFiles() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(JSON.writeValueAsBytes(header(INLINE_FORMAT)));
    out.write('\n');
    for (String name : files.keySet()) {
      out.write(contents.get(name));
    }
    out.write(ModelArtifact.sha256(out.toByteArray()).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private Map<String, Object> header(String format) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", format);
    json.put("kind", kind);
    json.put("key", key);
    json.put("files", files);
    return json;
  }

  /**
   * Reads a marker; one of {@link #INLINE_FORMAT} with its files, checked (sizes, each file's hash,
   * then the hash of the whole).
   *
   * @throws CorruptEntryException when it is not a marker this edgesweep wrote, or its files do not
   *     match it
   */
  static StoreEntryMarker parse(byte[] bytes, String location) throws CorruptEntryException {
    int newline = indexOf(bytes, (byte) '\n');
    JsonNode root = newline < 0 ? null : tryRead(Arrays.copyOf(bytes, newline));
    if (root != null && INLINE_FORMAT.equals(root.path("format").asText())) {
      return parseWithFiles(root, bytes, newline + 1, location);
    }
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " is not valid JSON (truncated or edited)");
    }
    if (root == null || !root.isObject()) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " is not a JSON object");
    }
    if (root.path("files").isArray() && !root.has("format")) {
      return LEGACY;
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " has format '" + root.path("format").asText()
          + "', this edgesweep reads " + FORMAT + " and " + INLINE_FORMAT);
    }
    return new StoreEntryMarker(root.path("kind").asText(), root.path("key").asText(), digests(root, location), null);
  }

  private static StoreEntryMarker parseWithFiles(JsonNode root, byte[] bytes, int start, String location) throws CorruptEntryException {
    Map<String, FileDigest> files = digests(root, location);
    Map<String, byte[]> contents = new LinkedHashMap<>();
    int offset = start;
    for (Map.Entry<String, FileDigest> file : files.entrySet()) {
      long size = file.getValue().bytes();
      // A file cut short (a truncated copy) reads as what is left of it, which check() reports.
      int end = (int) Math.min(bytes.length, offset + Math.max(0, size));
      contents.put(file.getKey(), Arrays.copyOfRange(bytes, offset, end));
      offset = end;
    }
    StoreEntryMarker marker = new StoreEntryMarker(root.path("kind").asText(), root.path("key").asText(), files, contents);
    marker.check(contents, location);
    if (bytes.length != offset + TRAILER) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " has " + bytes.length + " bytes, " + (offset + TRAILER)
          + " were written (truncated or appended to)");
    }
    String recorded = new String(bytes, offset, TRAILER, StandardCharsets.US_ASCII);
    if (!ModelArtifact.sha256(Arrays.copyOf(bytes, offset)).equals(recorded)) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE
          + " does not match the SHA-256 recorded when it was written (its list of files changed or is corrupt)");
    }
    return marker;
  }

  private static Map<String, FileDigest> digests(JsonNode root, String location) throws CorruptEntryException {
    try {
      Map<String, FileDigest> files = JSON.convertValue(root.path("files"), new TypeReference<LinkedHashMap<String, FileDigest>>() {});
      if (files == null || files.isEmpty()) {
        throw new IllegalArgumentException("no files");
      }
      return files;
    } catch (IllegalArgumentException e) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " does not list the entry's files with their sizes and hashes");
    }
  }

  private static JsonNode tryRead(byte[] line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks files read back against the marker.
   *
   * @throws CorruptEntryException naming the first file that is missing, short, long or changed
   */
  void check(Map<String, byte[]> read, String location) throws CorruptEntryException {
    for (Map.Entry<String, FileDigest> file : files.entrySet()) {
      byte[] bytes = read.get(file.getKey());
      if (bytes == null) {
        throw new CorruptEntryException(location, file.getKey() + " is missing");
      }
      if (bytes.length != file.getValue().bytes()) {
        throw new CorruptEntryException(location, file.getKey() + " has " + bytes.length + " bytes, " + file.getValue().bytes()
            + " were written (truncated or appended to)");
      }
      if (!ModelArtifact.sha256(bytes).equals(file.getValue().sha256())) {
        throw new CorruptEntryException(location, file.getKey() + " does not match the SHA-256 recorded when it was written (changed or corrupt)");
      }
    }
  }
}
