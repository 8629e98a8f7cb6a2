package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageFolderImport;
import io.edgesweep.data.ImageShape;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.data.SplitDraw;
import io.edgesweep.report.RunFolderFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour images (C = 3) from a folder of PNGs through import, teacher training, the sweep, costing and export. */
class RgbFolderSweepTest {
  @TempDir Path dir;

  /** 80 noisy 32x32 PNGs per class; each class has its own dominant colour, so a small CNN can learn it. */
  static void writePngs(Path folder, long seed) throws Exception {
    Random random = new Random(seed);
    int[][] colours = {{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
    String[] classes = {"red", "green", "blue"};
    for (int c = 0; c < classes.length; c++) {
      Path classFolder = Files.createDirectories(folder.resolve(classes[c]));
      for (int n = 0; n < 80; n++) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            int[] rgb = new int[3];
            for (int k = 0; k < 3; k++) {
              rgb[k] = Math.max(0, Math.min(255, colours[c][k] + random.nextInt(161) - 80));
            }
            image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
          }
        }
        ImageIO.write(image, "png", classFolder.resolve(String.format("%03d.png", n)).toFile());
      }
    }
  }

  @Test
  void aFolderOfColourPngsIsImportedTrainedSweptCostedAndExported() throws Exception {
    writePngs(dir.resolve("pngs"), 3);
    ImageDataset pool = ImageFolderImport.read(dir.resolve("pngs"), new ImageFolderImport.Target(null, false), null);
    assertThat(pool.shape()).isEqualTo(new ImageShape(3, 32, 32));
    Path data = dir.resolve("rgb");
    SplitDraw.DEFAULT.drawAndWrite("pngs", pool, null, 11, Map.of(), data);
    assertThat(ParquetImageDatasets.read(new DatasetSplits(data).validation()).classCounts()).containsExactly(8, 8, 8);

    Path spec = TinySweep.writeSpec(dir, "rgb", "none, 4", "0, 0.5", "32, 8", 4);
    Files.writeString(spec, Files.readString(spec)
        .replace(io.edgesweep.TestData.repositoryRoot().resolve("datasets/fashion-mnist-mini").toString(), data.toString())
        .replace("arch: \"mlp:784-64-10\", epochs: 2, batch_size: 128", "arch: \"cnn:3x32x32:c8k3-m2-f3\", epochs: 8, batch_size: 16")
        .replace("students: [\"mlp:784-32-10\"]", "students: [\"cnn:3x32x32:c4k3-m2-f3\"]")
        .replace("    alpha: 0.7\n", "    alpha: 0.7\n    batch_size: 16\n")
        .replace("evaluation: {batch_size: 250}", "evaluation: {batch_size: 24}"));
    SweepJob.Outcome outcome = SweepJob.runToCompletion(TinySweep.options(spec, dir.resolve("runs"), TinySweep.direct()), "test", m -> {});

    Map<String, Map<String, Object>> rows = TinySweep.rows(outcome.runFolder().resolve(RunFolderFiles.VARIANTS));
    assertThat(rows).hasSize(8);
    for (Map<String, Object> row : rows.values()) {
      assertThat(row.get("arch")).isEqualTo("cnn:3x32x32:c4k3-m2-f3");
      // conv 4 filters x 3 channels x 3x3 over 30x30 outputs, then a dense 4*15*15 -> 3.
      assertThat(row.get("dense_macs")).isEqualTo(4L * 3 * 9 * 30 * 30 + 4 * 15 * 15 * 3);
      assertThat((Long) row.get("val_examples")).isEqualTo(24L);
      assertThat((Long) row.get("stm32h743__bytes")).isPositive();
    }
    // Colour is easy: the unpruned float students are far above chance (1/3).
    assertThat(rows.values().stream().filter(r -> (Double) r.get("pruning_ratio") == 0 && r.get("weights").equals("32"))
        .mapToDouble(r -> (Double) r.get("val_accuracy")).min().orElseThrow()).as(rows.values().stream().map(r -> r.get("temperature_label") + "/" + r.get("pruning_ratio") + "/" + r.get("weights") + "=" + r.get("val_accuracy")).toList().toString()).isGreaterThan(0.8);
    List<Path> bundles;
    try (var models = Files.list(outcome.runFolder().resolve("models"))) {
      bundles = models.map(m -> m.resolve("bundle")).filter(Files::isDirectory).toList();
    }
    assertThat(bundles).isNotEmpty();
  }
}
