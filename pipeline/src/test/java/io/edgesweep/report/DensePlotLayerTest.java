package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DensePlotLayerTest {
  @Test
  void everyDotIsInkedAtItsPositionAndNothingFarFromAllDotsIs() {
    Random random = new Random(1);
    int width = 400;
    int height = 300;
    List<DensePlotLayer.Dot> dots = new ArrayList<>();
    double[] sx = new double[2_000];
    double[] sy = new double[2_000];
    for (int i = 0; i < sx.length; i++) {
      // Kept to the left half, so the right half must stay transparent.
      sx[i] = 5 + random.nextDouble() * (width / 2.0 - 10);
      sy[i] = 5 + random.nextDouble() * (height - 10);
      dots.add(new DensePlotLayer.Dot(0, 0, i % 2 == 0 ? Color.BLUE : Color.GRAY, i % 2 == 1));
    }
    BufferedImage image = DensePlotLayer.image(dots, sx, sy, width, height);
    assertThat(image.getWidth()).isEqualTo(width * DensePlotLayer.SCALE);
    for (int i = 0; i < sx.length; i++) {
      int alpha = image.getRGB((int) (sx[i] * DensePlotLayer.SCALE), (int) (sy[i] * DensePlotLayer.SCALE)) >>> 24;
      assertThat(alpha).as("dot %d at (%.1f, %.1f)", i, sx[i], sy[i]).isPositive();
    }
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = image.getWidth() / 2 + 10 * DensePlotLayer.SCALE; x < image.getWidth(); x += 3) {
        assertThat(image.getRGB(x, y) >>> 24).isZero();
      }
    }
  }
}
