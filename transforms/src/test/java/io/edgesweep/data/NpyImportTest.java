package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import io.edgesweep.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyImportTest {
  @TempDir Path dir;

  @Test
  void exportThenImportIsTheIdentityOnTheMiniValidationSplit() throws IOException {
    ImageDataset original = ParquetImageDatasets.read(TestData.mini().validation());
    NpyExport.write(original, dir.resolve("x.npy"), dir.resolve("y.npy"));
    ImageDataset back = NpyImport.read(dir.resolve("x.npy"), dir.resolve("y.npy"), original.classNames());
    assertThat(back).isEqualTo(original);
    // And through Parquet again, byte for byte the same pixels and labels.
    ParquetImageDatasets.write(back, dir.resolve("v.parquet"));
    assertThat(ParquetImageDatasets.read(dir.resolve("v.parquet"))).isEqualTo(original);
  }

  @Test
  void readsThreeDimensionalImagesAndNarrowLabelTypes() throws IOException {
    Path x = npy("x.npy", "|u1", "2, 1, 3", new byte[] {1, 2, 3, 4, 5, (byte) 250});
    Path y = npy("y.npy", "<i4", "2,", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(0).array());
    ImageDataset data = NpyImport.read(x, y, null);
    assertThat(data.shape()).isEqualTo(new ImageShape(1, 1, 3));
    assertThat(data.labels()).containsExactly(1, 0);
    assertThat(data.classNames()).containsExactly("0", "1");
    assertThat(data.pixels()[5] & 0xFF).isEqualTo(250);
  }

  @Test
  void aCountMismatchFloatImagesAndFortranOrderAreNamed() throws IOException {
    Path x = npy("x.npy", "|u1", "3, 1, 2", new byte[6]);
    Path y = npy("y.npy", "|u1", "2,", new byte[] {0, 1});
    assertThatThrownBy(() -> NpyImport.read(x, y, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("y.npy").hasMessageContaining("2 labels for 3 images");
    Path floats = npy("f.npy", "<f4", "2, 1, 1", new byte[8]);
    assertThatThrownBy(() -> NpyImport.read(floats, y, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("f.npy").hasMessageContaining("<f4").hasMessageContaining("uint8");
    Path fortran = dir.resolve("fo.npy");
    Files.write(fortran, concat(NpyExport.header("|u1", "2, 1, 1").clone(), new byte[2]));
    byte[] bytes = Files.readAllBytes(fortran);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
    Files.write(fortran, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> NpyImport.read(fortran, y, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("fortran_order");
    Path shortFile = npy("s.npy", "|u1", "2, 1, 2", new byte[3]);
    assertThatThrownBy(() -> NpyImport.read(shortFile, y, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("s.npy").hasMessageContaining("holds 3 bytes");
    Files.writeString(dir.resolve("t.npy"), "text");
    assertThatThrownBy(() -> NpyImport.read(dir.resolve("t.npy"), y, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a NumPy");
  }

  @Test
  void labelsOutsideTheClassNamesAreNamed() throws IOException {
    Path x = npy("x.npy", "|u1", "2, 1, 1", new byte[2]);
    Path y = npy("y.npy", "<i8", "2,", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(2).array());
    assertThatThrownBy(() -> NpyImport.read(x, y, List.of("a", "b")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("label 1").hasMessageContaining("value 2");
  }

  private Path npy(String name, String dtype, String shape, byte[] data) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, concat(NpyExport.header(dtype, shape), data));
    return file;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
