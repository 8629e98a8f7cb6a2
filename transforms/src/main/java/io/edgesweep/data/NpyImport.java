package io.edgesweep.data;

import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads images and labels from two NumPy {@code .npy} files: the inverse of {@link NpyExport}.
 *
 * <p>Images are uint8, [N, C, H, W] (as {@code export-npy} writes them) or [N, H, W] for one
 * channel; labels any integer type, [N]. Class names are given by the caller or default to the
 * label values, as for IDX files. Versions 1.0 to 3.0 of the format are read; Fortran order is
 * refused rather than transposed, since a user would not expect it.
 */
public final class NpyImport {
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyImport() {}

  /** One array as stored: its dtype text, shape and raw little- or big-endian bytes. */
  record NpyArray(String descr, long[] shape, ByteBuffer data) {
    long count() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * Reads the pair and checks that they belong together.
   *
   * @param classNames the names of the classes by label, or null to name them "0", "1", ...
   */
  public static ImageDataset read(Path images, Path labels, List<String> classNames) {
    NpyArray imageArray = readArray(images);
    NpyArray labelArray = readArray(labels);
    String imageSource = images.toString();
    if (!imageArray.descr().equals("|u1") && !imageArray.descr().equals("<u1") && !imageArray.descr().equals(">u1")) {
      throw new InvalidInputException(imageSource, "descr",
          "images are " + imageArray.descr() + ", edgesweep reads uint8 (|u1); convert with (x * 255).round().astype('uint8') for floats in [0, 1]");
    }
    long[] dims = imageArray.shape();
    ImageShape shape;
    if (dims.length == 4) {
      shape = new ImageShape(Math.toIntExact(dims[1]), Math.toIntExact(dims[2]), Math.toIntExact(dims[3]));
    } else if (dims.length == 3) {
      shape = new ImageShape(1, Math.toIntExact(dims[1]), Math.toIntExact(dims[2]));
    } else {
      throw new InvalidInputException(imageSource, "shape",
          Arrays.toString(dims) + " is not [N, C, H, W] or [N, H, W]" + (dims.length == 1 ? " (is it the label file?)" : ""));
    }
    if (labelArray.shape().length != 1) {
      throw new InvalidInputException(labels.toString(), "shape",
          Arrays.toString(labelArray.shape()) + " is not [N]" + (labelArray.shape().length > 2 ? " (is it the image file?)" : ""));
    }
    if (labelArray.shape()[0] != dims[0]) {
      throw new InvalidInputException(labels.toString(), "shape",
          labelArray.shape()[0] + " labels for " + dims[0] + " images in " + images);
    }
    byte[] pixels = new byte[Math.toIntExact(imageArray.count())];
    imageArray.data().get(pixels);
    int[] labelValues = integers(labels.toString(), labelArray);
    List<String> names = LabelledFiles.classNames(labels, labelValues, classNames);
    Map<String, String> provenance = LabelledFiles.provenance(images, labels);
    return new ImageDataset(shape, names, pixels, labelValues, provenance);
  }

  static NpyArray readArray(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read: " + e.getMessage(), e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93
        || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new InvalidInputException(source, null, "not a NumPy .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = buffer.getShort(8) & 0xFFFF;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLength = buffer.getInt(8);
      headerStart = 12;
    } else {
      throw new InvalidInputException(source, "version", "format version " + major + " is not 1, 2 or 3");
    }
    if (headerLength < 0 || headerStart + headerLength > bytes.length) {
      throw new InvalidInputException(source, "header", "truncated");
    }
    String header = new String(bytes, headerStart, headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new InvalidInputException(source, "header", "lacks descr, fortran_order or shape: " + header.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new InvalidInputException(source, "fortran_order",
          "is True; save a C-ordered array (numpy.ascontiguousarray) instead");
    }
    List<Long> dims = new ArrayList<>();
    for (String part : shape.group(1).split(",")) {
      if (!part.isBlank()) {
        dims.add(Long.parseLong(part.trim()));
      }
    }
    long[] shapeArray = dims.stream().mapToLong(Long::longValue).toArray();
    String dtype = descr.group(1);
    ByteBuffer data = ByteBuffer.wrap(bytes, headerStart + headerLength, bytes.length - headerStart - headerLength).slice()
        .order(dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    NpyArray array = new NpyArray(dtype, shapeArray, data);
    long expected = array.count() * itemSize(source, dtype);
    if (data.remaining() != expected) {
      throw new InvalidInputException(source, "data",
          "holds " + data.remaining() + " bytes, shape " + Arrays.toString(shapeArray) + " of " + dtype + " needs " + expected);
    }
    return array;
  }

  private static int itemSize(String source, String dtype) {
    if (dtype.length() < 3 || !"<>|=".contains(dtype.substring(0, 1))) {
      throw new InvalidInputException(source, "descr", "dtype " + dtype + " is not a plain numeric type");
    }
    try {
      return Integer.parseInt(dtype.substring(2));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(source, "descr", "dtype " + dtype + " is not a plain numeric type", e);
    }
  }

  private static int[] integers(String source, NpyArray array) {
    String kind = array.descr().substring(1, 2);
    int size = itemSize(source, array.descr());
    if (!kind.equals("i") && !kind.equals("u")) {
      throw new InvalidInputException(source, "descr", "labels are " + array.descr() + ", not an integer type");
    }
    int n = Math.toIntExact(array.count());
    int[] values = new int[n];
    ByteBuffer data = array.data();
    for (int i = 0; i < n; i++) {
      long v = switch (size) {
        case 1 -> kind.equals("u") ? data.get(i) & 0xFF : data.get(i);
        case 2 -> kind.equals("u") ? data.getShort(2 * i) & 0xFFFF : data.getShort(2 * i);
        case 4 -> kind.equals("u") ? data.getInt(4 * i) & 0xFFFFFFFFL : data.getInt(4 * i);
        case 8 -> data.getLong(8 * i);
        default -> throw new InvalidInputException(source, "descr", "integer size " + size + " bytes is not 1, 2, 4 or 8");
      };
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new InvalidInputException(source, "label " + i, "value " + v + " is out of range");
      }
      values[i] = (int) v;
    }
    return values;
  }
}
