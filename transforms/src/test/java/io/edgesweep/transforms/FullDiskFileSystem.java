package io.edgesweep.transforms;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A Beam file system ({@code fulldisk:///path}) on a local folder whose disk holds only {@link
 * #FREE} more bytes: a write past that fails with "No space left on device" after writing what
 * fit, as a real full disk does. For tests of what a full disk leaves behind.
 */
public final class FullDiskFileSystem extends FileSystem<FullDiskFileSystem.Id> {
  static final String SCHEME = "fulldisk";
  /** Bytes that can still be written; tests set it. */
  static final AtomicLong FREE = new AtomicLong(Long.MAX_VALUE);

  /** Registers the scheme with Beam's FileSystems (through META-INF/services). */
  public static final class Registrar implements FileSystemRegistrar {
    @Override
    public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
      return List.of(new FullDiskFileSystem());
    }
  }

  /** A path on the full disk. */
  static final class Id implements ResourceId {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final boolean directory;

    Id(String path, boolean directory) {
      this.path = path;
      this.directory = directory;
    }

    Path local() {
      return Path.of(path);
    }

    @Override
    public ResourceId resolve(String other, ResolveOptions options) {
      boolean dir = options == ResolveOptions.StandardResolveOptions.RESOLVE_DIRECTORY;
      return new Id(local().resolve(other).normalize().toString(), dir);
    }

    @Override
    public ResourceId getCurrentDirectory() {
      return directory ? this : new Id(local().getParent().toString(), true);
    }

    @Override
    public String getScheme() {
      return SCHEME;
    }

    @Override
    public String getFilename() {
      return local().getFileName() == null ? null : local().getFileName().toString();
    }

    @Override
    public boolean isDirectory() {
      return directory;
    }

    @Override
    public String toString() {
      return SCHEME + "://" + path + (directory ? "/" : "");
    }
  }

  @Override
  protected List<MatchResult> match(List<String> specs) throws IOException {
    List<MatchResult> results = new ArrayList<>();
    for (String spec : specs) {
      Path p = Path.of(strip(spec));
      List<MatchResult.Metadata> found = new ArrayList<>();
      if (!spec.contains("*")) {
        if (Files.isRegularFile(p)) {
          found.add(metadata(p));
        }
      } else {
        Path prefix = p;
        while (prefix.toString().contains("*")) {
          prefix = prefix.getParent();
        }
        PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + p);
        if (Files.isDirectory(prefix)) {
          try (Stream<Path> walk = Files.walk(prefix)) {
            for (Path f : walk.filter(Files::isRegularFile).filter(matcher::matches).toList()) {
              found.add(metadata(f));
            }
          }
        }
      }
      results.add(found.isEmpty() && !spec.contains("*")
          ? MatchResult.create(MatchResult.Status.NOT_FOUND, new FileNotFoundException(spec))
          : MatchResult.create(MatchResult.Status.OK, found));
    }
    return results;
  }

  @Override
  protected WritableByteChannel create(Id resource, CreateOptions options) throws IOException {
    Files.createDirectories(resource.local().getParent());
    FileChannel channel = FileChannel.open(resource.local(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) throws IOException {
        long free = FREE.get();
        if (src.remaining() > free) {
          ByteBuffer fits = src.slice().limit((int) free);
          channel.write(fits);
          FREE.set(0);
          throw new IOException("No space left on device");
        }
        FREE.addAndGet(-src.remaining());
        return channel.write(src);
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  protected ReadableByteChannel open(Id resource) throws IOException {
    if (!Files.isRegularFile(resource.local())) {
      throw new FileNotFoundException(resource.toString());
    }
    return FileChannel.open(resource.local(), StandardOpenOption.READ);
  }

  @Override
  protected void copy(List<Id> from, List<Id> to) throws IOException {
    for (int i = 0; i < from.size(); i++) {
      Files.copy(from.get(i).local(), to.get(i).local(), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  protected void rename(List<Id> from, List<Id> to, MoveOptions... options) throws IOException {
    for (int i = 0; i < from.size(); i++) {
      if (Files.exists(from.get(i).local())) {
        Files.createDirectories(to.get(i).local().getParent());
        Files.move(from.get(i).local(), to.get(i).local(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  @Override
  protected void delete(Collection<Id> resources) throws IOException {
    for (Id id : resources) {
      Files.deleteIfExists(id.local());
    }
  }

  @Override
  protected Id matchNewResource(String spec, boolean isDirectory) {
    String path = strip(spec);
    return new Id(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, isDirectory);
  }

  @Override
  protected String getScheme() {
    return SCHEME;
  }

  private static String strip(String spec) {
    return spec.startsWith(SCHEME + "://") ? spec.substring(SCHEME.length() + 3) : spec;
  }

  private static MatchResult.Metadata metadata(Path p) throws IOException {
    return MatchResult.Metadata.builder()
        .setResourceId(new Id(p.toString(), false))
        .setSizeBytes(Files.size(p))
        .setIsReadSeekEfficient(true)
        .setLastModifiedMillis(Files.getLastModifiedTime(p).toMillis())
        .build();
  }
}
