package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: unsigned bytes, big-endian dimensions.
 *
 * <p>Only the unsigned-byte element type (0x08) is accepted, since images and labels are stored
 * that way in every public IDX dataset; a gzip-compressed file is recognised by its magic bytes,
 * not by its name, so a renamed file still reads.
 */
public final class IdxFile {
  private static final int UNSIGNED_BYTE = 0x08;

  private final int[] dimensions;
  private final byte[] values;

  private IdxFile(int[] dimensions, byte[] values) {
    this.dimensions = dimensions;
    this.values = values;
  }

  /** The sizes of each dimension, outermost first: [count] for labels, [count, rows, cols] for images. */
  public int[] dimensions() {
    return dimensions.clone();
  }

  /** The element count along the first dimension. */
  public int count() {
    return dimensions[0];
  }

  /** The elements in file order. */
  public byte[] values() {
    return values;
  }

  public static IdxFile read(Path file) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(source, null, "no such file");
    }
    try (InputStream in = open(file);
        DataInputStream data = new DataInputStream(in)) {
      int magic;
      try {
        magic = data.readInt();
      } catch (EOFException e) {
        throw new InvalidInputException(source, "header", "not an IDX file: shorter than its 4-byte magic number");
      }
      if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
        throw new InvalidInputException(
            source,
            "header",
            String.format("not an IDX file of unsigned bytes: magic number 0x%08X, expected 0x000008NN", magic));
      }
      int rank = magic & 0xFF;
      if (rank < 1 || rank > 4) {
        throw new InvalidInputException(source, "header", "IDX rank " + rank + " is not between 1 and 4");
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = data.readInt();
        if (dims[i] < 0) {
          throw new InvalidInputException(source, "dimension " + i, "negative size " + dims[i]);
        }
        total *= dims[i];
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new InvalidInputException(source, "header", "too large to hold in memory: " + total + " values");
      }
      byte[] values = new byte[(int) total];
      try {
        data.readFully(values);
      } catch (EOFException e) {
        throw new InvalidInputException(
            source, "payload", "truncated: the header promises " + total + " values");
      }
      if (data.read() != -1) {
        throw new InvalidInputException(source, "payload", "more bytes than the header's " + total + " values");
      }
      return new IdxFile(dims, values);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(raw, 1 << 16);
    }
    return raw;
  }
}
