package io.edgesweep.transforms;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A content-addressed store of stage outputs on a Beam FileSystems path.
 *
 * <p>An entry is a folder {@code <root>/<kind>/<key>/} of files plus a {@code _COMPLETE} marker
 * written last, which lists the files. Readers trust only entries with the marker, so a worker
 * killed mid-write leaves nothing a later run would use. Keys are hashes of what made the entry
 * (see {@link StageKey}); two workers that compute the same key write the same bytes, so a
 * duplicate write after a failover is harmless. The root may be a local folder, or on a shared
 * file system any Beam FileSystem can reach (HDFS, S3, GCS with the matching Beam IO module).
 */
public final class ArtifactStore implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String COMPLETE = "_COMPLETE";
  private static final ObjectMapper JSON = new ObjectMapper();

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

  public boolean contains(String kind, String key) {
    return exists(resource(kind, key, COMPLETE));
  }

  /** Writes an entry's files, each atomically, then its marker. */
  public void put(String kind, String key, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().equals(COMPLETE) || file.getKey().contains("/")) {
        throw new IllegalArgumentException("not a storable file name: " + file.getKey());
      }
      writeAtomically(resource(kind, key, file.getKey()), file.getValue());
    }
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("kind", kind);
    marker.put("key", key);
    marker.put("files", new ArrayList<>(files.keySet()));
    writeAtomically(resource(kind, key, COMPLETE), JSON.writeValueAsBytes(marker));
  }

  /** Reads a complete entry's files; fails if the entry is missing or incomplete. */
  public Map<String, byte[]> get(String kind, String key) throws IOException {
    ResourceId marker = resource(kind, key, COMPLETE);
    if (!exists(marker)) {
      throw new FileNotFoundException("no complete " + kind + " entry " + key + " in " + root);
    }
    Map<String, Object> content = JSON.readValue(read(marker), new TypeReference<Map<String, Object>>() {});
    @SuppressWarnings("unchecked")
    List<String> names = (List<String>) content.get("files");
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : names) {
      files.put(name, read(resource(kind, key, name)));
    }
    return files;
  }

  /** Keys of the complete entries of one kind (one listing, for progress reports). */
  public List<String> keys(String kind) throws IOException {
    String pattern = root + "/" + kind + "/*/" + COMPLETE;
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    List<String> keys = new ArrayList<>();
    if (match.status() != MatchResult.Status.OK) {
      return keys;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      ResourceId folder = m.resourceId().getCurrentDirectory();
      String path = folder.toString();
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      keys.add(path.substring(path.lastIndexOf('/') + 1));
    }
    return keys;
  }

  private ResourceId resource(String kind, String key, String file) {
    return FileSystems.matchNewResource(root + "/" + kind + "/" + key + "/", true)
        .resolve(file, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
  }

  private static boolean exists(ResourceId resource) {
    try {
      MatchResult result = FileSystems.match(List.of(resource.toString()), EmptyMatchTreatment.ALLOW).get(0);
      return result.status() == MatchResult.Status.OK && !result.metadata().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void writeAtomically(ResourceId target, byte[] bytes) throws IOException {
    ResourceId temporary = target.getCurrentDirectory()
        .resolve("." + target.getFilename() + ".tmp-" + UUID.randomUUID(), ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (WritableByteChannel channel = FileSystems.create(temporary, MimeTypes.BINARY);
        OutputStream out = Channels.newOutputStream(channel)) {
      out.write(bytes);
    }
    FileSystems.rename(List.of(temporary), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  private static byte[] read(ResourceId resource) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
      return in.readAllBytes();
    }
  }
}
