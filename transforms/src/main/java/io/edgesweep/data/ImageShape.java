package io.edgesweep.data;

import java.io.Serializable;

/**
 * The shape of one image, channels first as PyTorch and DJL expect it.
 *
 * <p>Written to a dataset file as {@code CxHxW}, the same text the {@code cnn:} architecture spec
 * uses for its input, so the two can be compared as strings.
 */
public record ImageShape(int channels, int height, int width) implements Serializable {

  public ImageShape {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image shape must be positive: " + channels + "x" + height + "x" + width);
    }
  }

  /** Bytes of one image at one unsigned byte per value. */
  public int pixelCount() {
    return channels * height * width;
  }

  /** Parses {@code CxHxW}; returns null when the text is not of that form. */
  public static ImageShape parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.trim().split("x");
    if (parts.length != 3) {
      return null;
    }
    try {
      int c = Integer.parseInt(parts[0]);
      int h = Integer.parseInt(parts[1]);
      int w = Integer.parseInt(parts[2]);
      if (c <= 0 || h <= 0 || w <= 0) {
        return null;
      }
      return new ImageShape(c, h, w);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
