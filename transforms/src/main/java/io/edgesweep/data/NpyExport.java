package io.edgesweep.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a split as two NumPy {@code .npy} files: images uint8 [N, C, H, W] and labels int64 [N].
 *
 * <p>So that a PyTorch user can run their own check on exactly the examples edgesweep used
 * ({@code numpy.load}, then {@code torch.from_numpy}) without a Parquet reader. The format is
 * NumPy's version 1.0: magic, header length, a Python dict literal padded to 64 bytes, raw data.
 */
public final class NpyExport {
  private NpyExport() {}

  public static void write(ImageDataset split, Path imagesFile, Path labelsFile) throws IOException {
    ImageShape s = split.shape();
    AtomicFiles.writeFile(imagesFile, temporary -> {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        out.write(header("|u1", split.size() + ", " + s.channels() + ", " + s.height() + ", " + s.width()));
        out.write(split.pixels());
      }
    });
    AtomicFiles.writeFile(labelsFile, temporary -> {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        out.write(header("<i8", split.size() + ","));
        ByteBuffer buffer = ByteBuffer.allocate(8 * split.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int label : split.labels()) {
          buffer.putLong(label);
        }
        out.write(buffer.array());
      }
    });
  }

  static byte[] header(String dtype, String shape) {
    String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + shape + "), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer buffer = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    buffer.putShort((short) text.length());
    buffer.put(text.getBytes(StandardCharsets.US_ASCII));
    return buffer.array();
  }
}
