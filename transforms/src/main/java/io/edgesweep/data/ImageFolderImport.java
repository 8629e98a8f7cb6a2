package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images in the ImageFolder layout (one sub-folder per class) into an
 * {@link ImageDataset}, as torchvision's {@code ImageFolder} would see it.
 *
 * <p>Class names are the sub-folder names, sorted, so label i is the i-th name, as in
 * torchvision. PNG and JPEG files are decoded with the JDK's ImageIO and, where a size is given,
 * resized with bilinear interpolation ({@link AffineTransformOp}) on the raw samples, so a grey
 * image's values are not moved by a colour-space conversion. Colour images become RGB (alpha is
 * dropped); {@code grayscale} gives one channel, with the ITU-R 601 luma weights PIL's
 * {@code convert("L")} uses.
 */
public final class ImageFolderImport {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  private ImageFolderImport() {}

  /** What to make of every image: its size after resizing (null: keep) and its channels. */
  public record Target(Size size, boolean grayscale) {
    int channels() {
      return grayscale ? 1 : 3;
    }
  }

  /** An image size, height by width, as {@code --size HxW} gives it. */
  public record Size(int height, int width) {
    public Size {
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException("image size must be positive: " + height + "x" + width);
      }
    }

    /** Parses {@code HxW}; the message names what is wrong. */
    public static Size parse(String text) {
      String[] parts = text.trim().split("x");
      try {
        if (parts.length == 2) {
          int h = Integer.parseInt(parts[0]);
          int w = Integer.parseInt(parts[1]);
          if (h > 0 && w > 0) {
            return new Size(h, w);
          }
        }
      } catch (NumberFormatException e) {
        // Falls through to the message below.
      }
      throw new IllegalArgumentException("'" + text + "' is not a size HxW with positive numbers, as in 32x32");
    }

    @Override
    public String toString() {
      return height + "x" + width;
    }
  }

  /**
   * Reads every image under {@code folder}.
   *
   * @param classNames the classes to expect (a test folder must have the train folder's), or
   *     null to take them from the sub-folders
   */
  public static ImageDataset read(Path folder, Target target, List<String> classNames) {
    List<Path> classFolders = classFolders(folder);
    List<String> names = classFolders.stream().map(p -> p.getFileName().toString()).toList();
    if (classNames != null && !classNames.equals(names)) {
      throw new InvalidInputException(folder.toString(), null,
          "has class folders " + names + ", the train folder has " + classNames);
    }
    List<Integer> labels = new ArrayList<>();
    java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
    MessageDigest listing = sha256();
    Size size = target.size();
    Path first = null;
    for (int label = 0; label < classFolders.size(); label++) {
      Path classFolder = classFolders.get(label);
      List<Path> images = imageFiles(classFolder);
      if (images.isEmpty()) {
        throw new InvalidInputException(classFolder.toString(), null,
            "class folder holds no PNG or JPEG image (" + String.join(", ", EXTENSIONS) + ")");
      }
      for (Path file : images) {
        byte[] bytes = readBytes(file);
        listing.update((folder.relativize(file).toString() + "\n").getBytes(StandardCharsets.UTF_8));
        listing.update(sha256().digest(bytes));
        Raster raster = decode(file, bytes, target.grayscale());
        if (size == null) {
          size = new Size(raster.getHeight(), raster.getWidth());
          first = file;
        } else if (target.size() == null && (raster.getHeight() != size.height() || raster.getWidth() != size.width())) {
          throw new InvalidInputException(file.toString(), null,
              "is " + raster.getHeight() + "x" + raster.getWidth() + ", " + first + " is " + size
                  + "; pass --size HxW to resize all images to one size");
        }
        byte[] chw = channelsFirst(resize(raster, size));
        pixels.write(chw, 0, chw.length);
        labels.add(label);
      }
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("source_folder", folder.toString());
    provenance.put("source_sha256", HexFormat.of().formatHex(listing.digest()));
    provenance.put("decoding", "JDK ImageIO" + (target.size() == null ? "" : ", bilinear resize to " + target.size())
        + (target.grayscale() ? ", grayscale (ITU-R 601 luma)" : ", RGB"));
    return new ImageDataset(new ImageShape(target.channels(), size.height(), size.width()), names, pixels.toByteArray(),
        labels.stream().mapToInt(Integer::intValue).toArray(), provenance);
  }

  private static List<Path> classFolders(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(folder.toString(), null, "no such folder");
    }
    List<Path> folders;
    try (Stream<Path> entries = Files.list(folder)) {
      folders = entries.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException(folder.toString(), null, "cannot list: " + e.getMessage(), e);
    }
    if (folders.size() < 2) {
      throw new InvalidInputException(folder.toString(), null,
          "has " + folders.size() + " class folder(s); the ImageFolder layout is one sub-folder of images per class, at least two");
    }
    return folders;
  }

  private static List<Path> imageFiles(Path classFolder) {
    try (Stream<Path> entries = Files.list(classFolder)) {
      return entries.filter(Files::isRegularFile)
          .filter(p -> EXTENSIONS.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException(classFolder.toString(), null, "cannot list: " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Decodes to a raster of 1 (grey) or 3 (RGB) byte bands, samples as stored. */
  static Raster decode(Path file, byte[] bytes, boolean grayscale) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(file.toString(), null, "corrupt image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new InvalidInputException(file.toString(), null, "not an image ImageIO can decode (PNG or JPEG)");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    int bands = grayscale ? 1 : 3;
    WritableRaster out = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, bands, null);
    boolean storedGrey = image.getColorModel().getNumComponents() == 1 && image.getRaster().getNumBands() == 1
        && image.getColorModel().getComponentSize(0) == 8;
    Raster source = image.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (storedGrey) {
          int v = source.getSample(x, y, 0);
          for (int b = 0; b < bands; b++) {
            out.setSample(x, y, b, v);
          }
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xFF;
          int g = (rgb >> 8) & 0xFF;
          int bl = rgb & 0xFF;
          if (grayscale) {
            out.setSample(x, y, 0, (r * 299 + g * 587 + bl * 114 + 500) / 1000);
          } else {
            out.setSample(x, y, 0, r);
            out.setSample(x, y, 1, g);
            out.setSample(x, y, 2, bl);
          }
        }
      }
    }
    return out;
  }

  private static Raster resize(Raster raster, Size size) {
    if (raster.getHeight() == size.height() && raster.getWidth() == size.width()) {
      return raster;
    }
    AffineTransform scale = AffineTransform.getScaleInstance(
        (double) size.width() / raster.getWidth(), (double) size.height() / raster.getHeight());
    WritableRaster target = Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, size.width(), size.height(), raster.getNumBands(), null);
    new AffineTransformOp(scale, AffineTransformOp.TYPE_BILINEAR).filter(raster, target);
    return target;
  }

  private static byte[] channelsFirst(Raster raster) {
    int h = raster.getHeight();
    int w = raster.getWidth();
    int bands = raster.getNumBands();
    byte[] out = new byte[bands * h * w];
    for (int b = 0; b < bands; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[(b * h + y) * w + x] = (byte) raster.getSample(x, y, b);
        }
      }
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
