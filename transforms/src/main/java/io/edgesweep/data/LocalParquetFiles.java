package io.edgesweep.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet input and output files on java.nio paths.
 *
 * <p>Parquet 1.13 (the version Beam 2.62 brings) has no local file implementation of its own and
 * would otherwise go through Hadoop's LocalFileSystem, which writes a {@code .crc} file next to
 * every output; these keep the dataset folders to exactly the files a user expects.
 */
public final class LocalParquetFiles {
  private LocalParquetFiles() {}

  public static InputFile input(Path path) {
    return new InputFile() {
      @Override
      public long getLength() throws IOException {
        return Files.size(path);
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ);
        return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
          @Override
          public long getPos() throws IOException {
            return channel.position();
          }

          @Override
          public void seek(long newPos) throws IOException {
            channel.position(newPos);
          }

          @Override
          public int read(ByteBuffer buf) throws IOException {
            return channel.read(buf);
          }
        };
      }

      @Override
      public String toString() {
        return path.toString();
      }
    };
  }

  public static OutputFile output(Path path) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return stream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return stream(Files.newOutputStream(path));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String toString() {
        return path.toString();
      }
    };
  }

  private static PositionOutputStream stream(OutputStream out) {
    OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
    return new PositionOutputStream() {
      private long position;

      @Override
      public long getPos() {
        return position;
      }

      @Override
      public void write(int b) throws IOException {
        buffered.write(b);
        position++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        buffered.write(b, off, len);
        position += len;
      }

      @Override
      public void flush() throws IOException {
        buffered.flush();
      }

      @Override
      public void close() throws IOException {
        buffered.close();
      }
    };
  }
}
