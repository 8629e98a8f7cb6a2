package io.edgesweep.transforms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.model.ModelArtifact;
import java.io.IOException;
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
 */
record StoreEntryMarker(String kind, String key, Map<String, FileDigest> files) {
  static final String FORMAT = "edgesweep-store-entry/2";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What {@link #parse} returns for a marker written without hashes. */
  static final StoreEntryMarker LEGACY = new StoreEntryMarker("", "", Map.of());

  /** One file's size and SHA-256. */
  record FileDigest(long bytes, String sha256) {
    static FileDigest of(byte[] content) {
      return new FileDigest(content.length, ModelArtifact.sha256(content));
    }
  }

  static StoreEntryMarker describe(String kind, String key, Map<String, byte[]> files) {
    Map<String, FileDigest> digests = new LinkedHashMap<>();
    files.forEach((name, bytes) -> digests.put(name, FileDigest.of(bytes)));
    return new StoreEntryMarker(kind, key, digests);
  }

  byte[] encode() throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("kind", kind);
    json.put("key", key);
    json.put("files", files);
    return JSON.writeValueAsBytes(json);
  }

  /**
   * Reads a marker.
   *
   * @throws CorruptEntryException when it is not a marker this edgesweep wrote
   */
  static StoreEntryMarker parse(byte[] bytes, String location) throws CorruptEntryException {
    JsonNode root;
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
          + "', this edgesweep reads " + FORMAT);
    }
    try {
      Map<String, FileDigest> files = JSON.convertValue(root.path("files"), new TypeReference<LinkedHashMap<String, FileDigest>>() {});
      if (files == null || files.isEmpty()) {
        throw new IllegalArgumentException("no files");
      }
      return new StoreEntryMarker(root.path("kind").asText(), root.path("key").asText(), files);
    } catch (IllegalArgumentException e) {
      throw new CorruptEntryException(location, ArtifactStore.COMPLETE + " does not list the entry's files with their sizes and hashes");
    }
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
