package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderImportTest {
  @TempDir Path dir;

  private static final ImageFolderImport.Target RGB = new ImageFolderImport.Target(null, false);
  private static final ImageFolderImport.Target GREY = new ImageFolderImport.Target(null, true);

  @Test
  void rgbImagesComeOutChannelsFirstWithSortedClassFoldersAsLabels() throws IOException {
    // Folders named so that creation order, not sorted order, would put "zebra" first.
    writeRgb(dir.resolve("zebra/b.png"), 3, 2, 10);
    writeRgb(dir.resolve("zebra/a.png"), 3, 2, 20);
    writeRgb(dir.resolve("ant/x.png"), 3, 2, 30);
    Files.writeString(dir.resolve("ant/notes.txt"), "not an image: skipped like torchvision does");
    ImageDataset data = ImageFolderImport.read(dir, RGB, null);
    assertThat(data.classNames()).containsExactly("ant", "zebra");
    assertThat(data.shape()).isEqualTo(new ImageShape(3, 2, 3));
    assertThat(data.labels()).containsExactly(0, 1, 1);
    // ant/x.png first, then zebra/a.png (seed 20) before zebra/b.png (seed 10).
    assertThat(image(data, 0)).containsExactly(expectedRgb(3, 2, 30));
    assertThat(image(data, 1)).containsExactly(expectedRgb(3, 2, 20));
    assertThat(image(data, 2)).containsExactly(expectedRgb(3, 2, 10));
  }

  @Test
  void greyPngsKeepTheirStoredValuesAndColourBecomesLuma() throws IOException {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 7);
    grey.getRaster().setSample(1, 0, 0, 200);
    write(grey, dir.resolve("a/g.png"));
    BufferedImage colour = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    colour.setRGB(0, 0, 0xFF0000);
    colour.setRGB(1, 0, 0x102030);
    write(colour, dir.resolve("b/c.png"));
    ImageDataset data = ImageFolderImport.read(dir, GREY, null);
    assertThat(data.shape()).isEqualTo(new ImageShape(1, 1, 2));
    assertThat(image(data, 0)).containsExactly(7, 200);
    // PIL's convert("L"): (299 R + 587 G + 114 B) / 1000, rounded.
    assertThat(image(data, 1)).containsExactly(76, (299 * 16 + 587 * 32 + 114 * 48 + 500) / 1000);
    // The same grey image as RGB: the value in every channel.
    ImageDataset rgb = ImageFolderImport.read(dir, RGB, null);
    assertThat(image(rgb, 0)).containsExactly(7, 200, 7, 200, 7, 200);
  }

  @Test
  void sizeResizesEveryImageAndWithoutItMixedSizesAreNamed() throws IOException {
    writeConstant(dir.resolve("a/big.png"), 8, 6, 0x406080);
    writeConstant(dir.resolve("b/small.png"), 4, 4, 0x406080);
    ImageDataset data = ImageFolderImport.read(dir, new ImageFolderImport.Target(new ImageFolderImport.Size(3, 2), false), null);
    assertThat(data.shape()).isEqualTo(new ImageShape(3, 3, 2));
    int[] constant = {0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x60, 0x60, 0x60, 0x60, 0x60, 0x60, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
    assertThat(image(data, 0)).containsExactly(constant);
    assertThat(image(data, 1)).containsExactly(constant);
    assertThatThrownBy(() -> ImageFolderImport.read(dir, RGB, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("small.png").hasMessageContaining("is 4x4").hasMessageContaining("--size");
  }

  @Test
  void jpegsDecodeToTheirColourWithinJpegLoss() throws IOException {
    for (String name : new String[] {"a/x.jpg", "b/y.JPEG"}) {
      BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          image.setRGB(x, y, 0x3080C0);
        }
      }
      Files.createDirectories(dir.resolve(name).getParent());
      assertThat(ImageIO.write(image, "jpeg", dir.resolve(name).toFile())).isTrue();
    }
    ImageDataset data = ImageFolderImport.read(dir, RGB, null);
    assertThat(data.size()).isEqualTo(2);
    int[] pixels = image(data, 1);
    for (int i = 0; i < 64; i++) {
      assertThat(pixels[i]).isBetween(0x30 - 4, 0x30 + 4);
      assertThat(pixels[64 + i]).isBetween(0x80 - 4, 0x80 + 4);
      assertThat(pixels[128 + i]).isBetween(0xC0 - 4, 0xC0 + 4);
    }
  }

  @Test
  void corruptAndUndecodableImagesAreNamed() throws IOException {
    writeRgb(dir.resolve("a/good.png"), 2, 2, 1);
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/fake.png"), "this is text, not a PNG");
    assertThatThrownBy(() -> ImageFolderImport.read(dir, RGB, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("b/fake.png").hasMessageContaining("not an image");
    byte[] png = Files.readAllBytes(dir.resolve("a/good.png"));
    Files.delete(dir.resolve("b/fake.png"));
    Files.write(dir.resolve("b/cut.png"), Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> ImageFolderImport.read(dir, RGB, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("b/cut.png").hasMessageContaining("corrupt image");
  }

  @Test
  void anEmptyClassFolderAndASingleClassAreNamed() throws IOException {
    writeRgb(dir.resolve("a/one.png"), 2, 2, 1);
    Files.createDirectories(dir.resolve("b"));
    assertThatThrownBy(() -> ImageFolderImport.read(dir, RGB, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("b").toString()).hasMessageContaining("no PNG or JPEG");
    Files.delete(dir.resolve("b"));
    assertThatThrownBy(() -> ImageFolderImport.read(dir, RGB, null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 class folder");
  }

  @Test
  void aTestFolderWithOtherClassesIsNamed() throws IOException {
    writeRgb(dir.resolve("train/a/1.png"), 2, 2, 1);
    writeRgb(dir.resolve("train/b/1.png"), 2, 2, 1);
    writeRgb(dir.resolve("test/a/1.png"), 2, 2, 1);
    writeRgb(dir.resolve("test/c/1.png"), 2, 2, 1);
    ImageDataset train = ImageFolderImport.read(dir.resolve("train"), RGB, null);
    assertThatThrownBy(() -> ImageFolderImport.read(dir.resolve("test"), RGB, train.classNames()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("test").hasMessageContaining("[a, c]").hasMessageContaining("[a, b]");
  }

  static int[] image(ImageDataset data, int index) {
    int n = data.shape().pixelCount();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = data.pixels()[index * n + i] & 0xFF;
    }
    return out;
  }

  /** Pixel (x, y) of an image made with {@link #writeRgb} has R = seed + x + 10 y, G = 2R mod 256, B = 255 - R. */
  static int[] expectedRgb(int width, int height, int seed) {
    int[] out = new int[3 * width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (seed + x + 10 * y) & 0xFF;
        out[y * width + x] = r;
        out[width * height + y * width + x] = (2 * r) & 0xFF;
        out[2 * width * height + y * width + x] = 255 - r;
      }
    }
    return out;
  }

  static void writeRgb(Path file, int width, int height, int seed) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (seed + x + 10 * y) & 0xFF;
        image.setRGB(x, y, (r << 16) | (((2 * r) & 0xFF) << 8) | (255 - r));
      }
    }
    write(image, file);
  }

  private static void writeConstant(Path file, int width, int height, int rgb) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    write(image, file);
  }

  static void write(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }
}
