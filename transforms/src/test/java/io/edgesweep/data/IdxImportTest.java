package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImportTest {
  @TempDir Path dir;

  @Test
  void readsAGzippedPairAndAPlainPairAlike() throws IOException {
    byte[] pixels = new byte[3 * 2 * 2];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 20);
    }
    Path images = write("img.gz", true, idx(new int[] {3, 2, 2}, pixels));
    Path labels = write("lbl", false, idx(new int[] {3}, new byte[] {2, 0, 1}));
    ImageDataset data = IdxImporter.read(images, labels, null);
    assertThat(data.shape()).isEqualTo(new ImageShape(1, 2, 2));
    assertThat(data.labels()).containsExactly(2, 0, 1);
    assertThat(data.classNames()).containsExactly("0", "1", "2");
    float[] second = new float[4];
    data.copyImage(1, second, 0);
    assertThat(second).containsExactly(80 / 255f, 100 / 255f, 120 / 255f, 140 / 255f);
  }

  @Test
  void parquetRoundTripKeepsPixelsLabelsShapeAndClasses() throws IOException {
    Path images = write("img", false, idx(new int[] {2, 1, 3}, new byte[] {1, 2, (byte) 255, 4, 5, 6}));
    Path labels = write("lbl", false, idx(new int[] {2}, new byte[] {1, 0}));
    ImageDataset data = IdxImporter.read(images, labels, List.of("cat", "dog"));
    Path file = dir.resolve("d.parquet");
    ParquetImageDatasets.write(data, file);
    ImageDataset back = ParquetImageDatasets.read(file);
    assertThat(back).isEqualTo(data);
    assertThat(back.classNames()).containsExactly("cat", "dog");
    assertThat(back.provenance()).containsKey("source_images_sha256").containsKey("file_sha256");
  }

  @Test
  void aFileThatIsNotIdxIsNamed() throws IOException {
    Path images = write("notidx", false, "hello world, not idx".getBytes());
    Path labels = write("lbl", false, idx(new int[] {1}, new byte[] {0}));
    assertThatThrownBy(() -> IdxImporter.read(images, labels, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("notidx")
        .hasMessageContaining("not an IDX file");
  }

  @Test
  void countMismatchIsNamed() throws IOException {
    Path images = write("img", false, idx(new int[] {2, 1, 1}, new byte[] {1, 2}));
    Path labels = write("lbl", false, idx(new int[] {3}, new byte[] {0, 1, 0}));
    assertThatThrownBy(() -> IdxImporter.read(images, labels, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lbl")
        .hasMessageContaining("3 labels for 2 images");
  }

  @Test
  void truncatedPayloadIsNamed() throws IOException {
    byte[] full = idx(new int[] {2, 2, 2}, new byte[8]);
    Path images = write("img", false, java.util.Arrays.copyOf(full, full.length - 3));
    Path labels = write("lbl", false, idx(new int[] {2}, new byte[] {0, 1}));
    assertThatThrownBy(() -> IdxImporter.read(images, labels, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void labelOutsideTheClassNamesIsNamed() throws IOException {
    Path images = write("img", false, idx(new int[] {2, 1, 1}, new byte[] {1, 2}));
    Path labels = write("lbl", false, idx(new int[] {2}, new byte[] {0, 5}));
    assertThatThrownBy(() -> IdxImporter.read(images, labels, List.of("a", "b")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("label 1")
        .hasMessageContaining("value 5 is outside 0..1");
  }

  @Test
  void swappedImageAndLabelFilesAreNamed() throws IOException {
    Path images = write("img", false, idx(new int[] {2, 1, 1}, new byte[] {1, 2}));
    Path labels = write("lbl", false, idx(new int[] {2}, new byte[] {0, 1}));
    assertThatThrownBy(() -> IdxImporter.read(labels, images, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("label file");
  }

  static byte[] idx(int[] dims, byte[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000800 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(values);
    return bytes.toByteArray();
  }

  Path write(String name, boolean gzip, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }
}
